# differs: DL3008 Palisade judges apt install like apt-get install (pins, recommends); hadolint only tells to use apt-get instead
# differs: DL3015 Palisade judges apt install like apt-get install (pins, recommends); hadolint only tells to use apt-get instead
FROM ubuntu:22.04
RUN apt update && apt install -y python3 python3-pip
RUN apt-get clean
USER 1000
CMD ["python3"]
