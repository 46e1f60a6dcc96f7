FROM fedora:40
RUN dnf install -y --setopt=install_weak_deps=False nginx-1.26.2-1.fc40 \
    && rm -rf /var/cache/dnf
USER 1000
HEALTHCHECK NONE
CMD ["nginx", "-g", "daemon off;"]
