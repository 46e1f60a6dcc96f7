FROM python:3.12-slim
RUN pip install --no-cache-dir -r requirements.txt
RUN pip install --no-cache-dir .
RUN pip install --no-cache-dir 'flask>=3.0' ./wheels/app-1.0-py3-none-any.whl git+https://github.com/org/repo@v1.2.3
RUN pip install --no-cache-dir --constraint constraints.txt flask
RUN pipx install black
