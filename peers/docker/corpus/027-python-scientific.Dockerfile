FROM python:3.10-bookworm
RUN pip install --no-cache-dir numpy==1.26.4 pandas==2.2.3 scikit-learn>=1.5
RUN pip install --no-cache-dir jupyterlab
EXPOSE 8888
USER 1000
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser"]
