FROM grafana/grafana:11.3.0
EXPOSE 3000 9090/tcp 8125/udp 0
USER 472
HEALTHCHECK CMD ["wget", "-q", "--spider", "http://localhost:3000/api/health"]
