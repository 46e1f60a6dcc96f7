FROM python:3.12-slim
RUN pip install --no-cache-dir flask requests==2.32.3
RUN python3 -m pip install --no-cache-dir --upgrade pip
RUN pip3 install --no-cache-dir -i https://pypi.example.com/simple numpy
