FROM debian:12
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
RUN apt-get -qq install --no-install-recommends curl=7.88.1-10+deb12u5
RUN apt-get install -qy --no-install-recommends curl=7.88.1-10+deb12u5
RUN apt-get install --assume-yes --no-install-recommends curl=7.88.1-10+deb12u5
RUN apt-get install -q=2 --no-install-recommends curl=7.88.1-10+deb12u5
RUN apt-get -o APT::Get::Assume-Yes=true install --no-install-recommends curl=7.88.1-10+deb12u5
