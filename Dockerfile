# One image for every service of the supergraph; compose.yaml picks the command.
FROM node:26-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# Two malloc arenas instead of up to 8 per core: less resident memory per service (scripts/stack/processes.ts).
ENV MALLOC_ARENA_MAX=2
COPY package.json package-lock.json ./
COPY patches ./patches
COPY prisma ./prisma
COPY scripts/generate.ts ./scripts/generate.ts
COPY codegen.ts tsconfig.json ./
COPY shared/services.ts ./shared/services.ts
COPY subgraphs ./subgraphs
# Dev dependencies are needed to generate clients and compile; NODE_ENV would skip them.
RUN npm ci --include=dev
COPY . .
RUN npm run build
USER node
EXPOSE 4000 4001 4002 4003 4004 4005 4006 4007 4010
CMD ["node", "--import", "./dist/shared/telemetry/preload.js", "dist/gateway/src/main.js"]
