FROM node:20
RUN npm ci
RUN npm install
RUN npm install -g typescript@5.4.5 @angular/cli@17.3.0 ./local-pkg git+https://github.com/org/repo.git#v1.0.0 https://example.com/pkg.tgz
