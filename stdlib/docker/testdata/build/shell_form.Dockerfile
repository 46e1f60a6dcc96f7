FROM node:22-alpine AS web
RUN npm ci
ENTRYPOINT /docker-entrypoint.sh
CMD npm start
HEALTHCHECK CMD wget -q -O /dev/null http://localhost:3000/ || exit 1
