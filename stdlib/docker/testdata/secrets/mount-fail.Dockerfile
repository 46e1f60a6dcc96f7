FROM node:20
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
RUN curl -H "Authorization: token $GITHUB_TOKEN" -fsSLo /tmp/src.tgz https://api.github.com/repos/org/repo/tarball
RUN printf 'machine example.com login ci password %s\n' "$PW" > /root/.netrc
RUN npm config set //registry.example.com/:_authToken abc
RUN ["sh", "-c", "git clone https://x-access-token:$GH_TOKEN@github.com/org/repo.git"]
