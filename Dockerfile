# Paperboy: build native modules in a full image, run on a slim one as a non-root user with state under /data.
FROM node:24-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
# better-sqlite3 and sqlite3 compile from source (allowScripts in package.json lets their install scripts run).
RUN npm ci --omit=dev && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production PAPERBOY_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY adapters ./adapters
COPY config ./config
COPY samples ./samples
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# 3000: Slack events (HTTP mode); 8080: /healthz and /readyz.
EXPOSE 3000 8080
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
ENTRYPOINT ["node", "--max-semi-space-size=64", "bin/paperboy.js"]
CMD ["start"]
