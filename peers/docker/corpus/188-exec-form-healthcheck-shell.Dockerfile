# differs: DL3025 hadolint also wants HEALTHCHECK CMD in exec form; Palisade judges only CMD and ENTRYPOINT, whose process must receive stop signals
FROM nginx:1.27.2-alpine
HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1
USER nginx
CMD ["nginx", "-g", "daemon off;"]
