FROM nginx:1.27.2-alpine AS base
HEALTHCHECK CMD ["wget", "-q", "--spider", "http://localhost/"]

FROM base AS site
COPY site/ /usr/share/nginx/html/
USER nginx
CMD ["nginx", "-g", "daemon off;"]
