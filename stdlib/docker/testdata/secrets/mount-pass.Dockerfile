FROM node:20
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
    echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
RUN echo "registry=https://registry.example.com/" > /root/.npmrc
RUN echo "$TOKENIZER_PATH" "$HOME"
