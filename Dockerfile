# One image for every app; choose the app with the command, e.g. `node dist/apps/api/main.js`.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY frontend/package.json frontend/
COPY libs/client/package.json libs/client/
RUN npm ci --no-audit --no-fund
COPY . .
RUN NG_CLI_ANALYTICS=false npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /periskop
ENV NODE_ENV=production CONFIG_FILE=/etc/periskop/periskop.yaml PERISKOP_UI_DIR=/periskop/frontend/dist/browser
# Files stay owned by root: the apps only read them.
COPY --from=build /src/node_modules node_modules
COPY --from=build /src/dist dist
COPY --from=build /src/frontend/dist frontend/dist
COPY --from=build /src/package.json ./
COPY deploy/healthcheck.js deploy/healthcheck.js
COPY config.docker.yaml /etc/periskop/periskop.yaml
# The base image's unprivileged `node` user, by number so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8080 8081 8082
# /-/health of whichever app runs (api 8080, scheduler 8081, scraper 8082, mock-target 7777, or PORT).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["node", "deploy/healthcheck.js"]
CMD ["node", "dist/apps/api/main.js"]
