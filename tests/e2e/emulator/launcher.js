#!/usr/bin/env node
'use strict';
/**
 * Starts telegram-test-api 4.2.1 as a Telegram Bot API emulator for inburgerbot's end-to-end tests,
 * with the corrections listed in tests/e2e/README.md, on a loopback address.
 *
 *   node launcher.js [--host 127.0.0.1] [--port 0] [--bot-username NAME]
 *
 * Prints one JSON line {"event": "listening", "url": "http://127.0.0.1:PORT"} when ready. Stops on
 * SIGTERM/SIGINT, and when its standard input closes (the test process that started it is gone).
 */
const http = require('http');
const express = require('express');

const { botApiRouter, sendError } = require('./lib/botApi');
const { clientRouter } = require('./lib/clientApi');
const { Emulator } = require('./lib/emulator');
const { multipart } = require('./lib/media');
const { ApiError } = require('./lib/shapes');

function parseArgs(argv) {
  const options = { host: '127.0.0.1', port: 0, botUsername: 'inburgerbot_test_bot' };
  for (let i = 0; i < argv.length; i += 1) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--host') options.host = value;
    else if (name === '--port') options.port = Number(value);
    else if (name === '--bot-username') options.botUsername = value;
    else throw new Error(`unknown option ${name}`);
    i += 1;
  }
  if (!['127.0.0.1', 'localhost', '::1'].includes(options.host)) {
    throw new Error('the emulator listens on loopback only (127.0.0.1, localhost or ::1)');
  }
  return options;
}

function createApp(emulator) {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '2mb' }));
  app.use(express.urlencoded({ extended: true, limit: '2mb' }));
  app.use(multipart);
  app.use(botApiRouter(emulator));
  app.use(clientRouter(emulator));
  app.use((req, res) => res.status(404).json({ ok: false, error_code: 404, description: 'Not Found' }));
  // eslint-disable-next-line no-unused-vars
  app.use((error, req, res, next) => {
    const apiError = error instanceof ApiError ? error : new ApiError(400, `Bad Request: ${error.message}`);
    sendError(res, apiError);
  });
  return app;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const emulator = new Emulator({ botUsername: options.botUsername });
  const server = http.createServer(createApp(emulator));
  server.keepAliveTimeout = 65000;
  server.listen(options.port, options.host, () => {
    const { port } = server.address();
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    process.stdout.write(`${JSON.stringify({ event: 'listening', url: `http://${host}:${port}` })}\n`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

main();
