# differs: DL3016 Palisade judges the command run through sudo as that command; hadolint sees only sudo
FROM node:22.9.0-bookworm
USER node
RUN sudo npm install -g eslint
HEALTHCHECK NONE
CMD ["eslint", "--version"]
