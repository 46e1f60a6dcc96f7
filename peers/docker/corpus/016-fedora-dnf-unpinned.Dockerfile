# differs: DL3002 the final stage sets no USER, so it runs as the base image's user (root for most images): Palisade reports it, hadolint reports only an explicit root USER
FROM fedora:40
RUN dnf -y update
RUN dnf install -y httpd mod_ssl
EXPOSE 80 443
CMD ["/usr/sbin/httpd", "-DFOREGROUND"]
