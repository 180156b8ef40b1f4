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
COPY --from=build /src/node_modules node_modules
COPY --from=build /src/dist dist
COPY --from=build /src/frontend/dist frontend/dist
COPY --from=build /src/package.json ./
COPY config.docker.yaml /etc/periskop/periskop.yaml
EXPOSE 8080
CMD ["node", "dist/apps/api/main.js"]
