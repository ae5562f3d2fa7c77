# One image for every Herald app; docker-compose.yml picks the app with APP (ingress, policy, template,
# dispatcher, whatsapp-sandbox). The same swc build as `npm start`.
FROM node:20-bookworm-slim AS build
WORKDIR /herald
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.base.json ./
COPY tools/build tools/build
COPY libs libs
COPY apps apps
RUN node tools/build/build.cjs && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /herald
COPY --from=build /herald/node_modules node_modules
COPY --from=build /herald/dist dist
COPY package.json ./
USER node
# `docker run herald node dist/apps/ingress/src/migrate.js` runs a service's migrations.
CMD ["sh", "-c", "exec node dist/apps/${APP:?set APP to ingress, policy, template, dispatcher or whatsapp-sandbox}/src/main.js"]
