'use strict';
/**
 * The Bot API side (`/bot<token>/<method>`), answered as https://core.telegram.org/bots/api says:
 * every answer is {ok: true, result} or {ok: false, error_code, description[, parameters]}.
 *
 * Replaces telegram-test-api's bot routes, which answer getMe without is_bot, dates in milliseconds,
 * getUpdates without waiting, edits with null, and every other method with HTTP 500.
 */
const express = require('express');

const { describeMedia } = require('./media');
const {
  ApiError, badRequest, inlineKeyboardOf, nowSeconds, parseMarkup, toMessage, toUpdate, validateInlineKeyboard,
} = require('./shapes');

const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
const MAX_POLL_SECONDS = 50;
const TOKEN = /^\d+:[A-Za-z0-9_-]+$/;
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
const COMMAND = /^[a-z0-9_]{1,32}$/;
const CHAT_ACTIONS = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice',
  'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
]);
const MEDIA_METHODS = {
  senddocument: 'document',
  sendphoto: 'photo',
  sendvoice: 'voice',
  sendaudio: 'audio',
  sendvideo: 'video',
  sendanimation: 'animation',
};

// Telegram counts message length in Unicode characters (code points), not UTF-16 units.
const characters = (text) => [...String(text)].length;
const json = (value, fallback) => {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (exc) {
    throw badRequest(`can't parse JSON: ${exc.message}`);
  }
};
const clamp = (value, low, high) => Math.min(high, Math.max(low, value));
const isLoopback = (hostname) => hostname === 'localhost' || hostname === '[::1]' || hostname === '::1'
  || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);

function markupParam(params) {
  let markup;
  try {
    markup = parseMarkup(params.reply_markup);
  } catch (exc) {
    throw badRequest(`can't parse reply keyboard markup JSON object`);
  }
  validateInlineKeyboard(markup);
  return markup;
}

function checkText(text, emptyMessage = 'message text is empty') {
  if (text === undefined || String(text).trim() === '') throw badRequest(emptyMessage);
  if (characters(text) > TEXT_LIMIT) throw badRequest('message is too long');
  return String(text);
}

function storeBotMessage(emulator, token, raw) {
  emulator.server.addBotMessage(raw, token);
  const entries = emulator.server.storage.botMessages;
  return entries[entries.length - 1];
}

function editTarget(emulator, token, params) {
  if (params.inline_message_id) throw badRequest('inline messages are not emulated');
  const entry = emulator.botEntry(token, params.chat_id, params.message_id);
  if (!entry) throw badRequest('message to edit not found');
  return entry;
}

function sameMarkup(a, b) {
  return JSON.stringify(inlineKeyboardOf(a) || null) === JSON.stringify(inlineKeyboardOf(b) || null);
}

const NOT_MODIFIED = 'message is not modified: specified new message content and reply markup are exactly '
  + 'the same as a current content and reply markup of the message';

/** getUpdates: confirms by offset, honours limit, allowed_updates and timeout (long polling). */
function getUpdates(emulator, bot, params, res) {
  if (bot.webhook) {
    throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
  }
  bot.getUpdatesCalls += 1;
  const limit = clamp(Number(params.limit ?? 100) || 100, 1, 100);
  const timeout = clamp(Number(params.timeout ?? 0) || 0, 0, MAX_POLL_SECONDS);
  if (params.allowed_updates !== undefined) bot.allowedUpdates = json(params.allowed_updates, []);
  const offset = params.offset !== undefined && params.offset !== '' ? Number(params.offset) : undefined;
  if (offset !== undefined) {
    const pending = emulator.pendingEntries(bot.token);
    const forgotten = offset >= 0 ? pending.filter((e) => e.updateId < offset) : pending.slice(0, Math.max(0, pending.length + offset));
    for (const entry of forgotten) entry.isRead = true;
  }
  for (const poller of [...bot.pollers]) {
    poller.fail(new ApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
  }
  const collect = () => {
    const updates = [];
    for (const entry of emulator.pendingEntries(bot.token)) {
      const update = toUpdate(entry);
      if (!emulator.allowed(bot, update)) {
        entry.isRead = true;
      } else if (updates.length < limit) {
        updates.push(update);
      }
    }
    return updates;
  };
  const ready = collect();
  if (ready.length > 0 || timeout === 0) return ready;
  return new Promise((resolve, reject) => {
    const poller = {};
    const finish = (settle) => {
      clearTimeout(poller.timer);
      bot.pollers.delete(poller);
      settle();
    };
    poller.wake = () => {
      const updates = collect();
      if (updates.length > 0) finish(() => resolve(updates));
    };
    poller.fail = (error) => finish(() => reject(error));
    poller.timer = setTimeout(() => finish(() => resolve(collect())), timeout * 1000);
    res.on('close', () => {
      if (!res.writableFinished) finish(() => resolve([]));
    });
    bot.pollers.add(poller);
  });
}

function sendMessage(emulator, bot, params) {
  const chat = emulator.requireChat(bot, params.chat_id);
  const text = checkText(params.text);
  const markup = markupParam(params);
  const raw = { chat_id: String(chat.id), text };
  if (markup) raw.reply_markup = markup;
  if (params.entities) raw.entities = json(params.entities, undefined);
  return toMessage(storeBotMessage(emulator, bot.token, raw), emulator);
}

function sendMedia(kind) {
  return (emulator, bot, params, res, req) => {
    const chat = emulator.requireChat(bot, params.chat_id);
    const caption = params.caption === undefined ? undefined : String(params.caption);
    if (caption !== undefined && characters(caption) > CAPTION_LIMIT) throw badRequest('message caption is too long');
    const markup = markupParam(params);
    const record = emulator.files.resolve(kind, params[kind], req.files, kind);
    const raw = { chat_id: String(chat.id), [kind]: describeMedia(kind, record, params) };
    if (caption) raw.caption = caption;
    if (markup) raw.reply_markup = markup;
    return toMessage(storeBotMessage(emulator, bot.token, raw), emulator);
  };
}

function editMessageText(emulator, bot, params) {
  const entry = editTarget(emulator, bot.token, params);
  if (entry.message.text === undefined) throw badRequest('there is no text in the message to edit');
  const text = checkText(params.text);
  // Without reply_markup Telegram removes the inline keyboard of the edited message.
  const markup = markupParam(params);
  if (text === entry.message.text && sameMarkup(markup, entry.message.reply_markup)) throw badRequest(NOT_MODIFIED);
  entry.message = { ...entry.message, text, reply_markup: markup, edit_date: nowSeconds() };
  return toMessage(entry, emulator);
}

function editMessageCaption(emulator, bot, params) {
  const entry = editTarget(emulator, bot.token, params);
  if (entry.message.text !== undefined) throw badRequest('there is no caption in the message to edit');
  const caption = params.caption === undefined ? '' : String(params.caption);
  if (characters(caption) > CAPTION_LIMIT) throw badRequest('message caption is too long');
  const markup = markupParam(params);
  if (caption === (entry.message.caption || '') && sameMarkup(markup, entry.message.reply_markup)) {
    throw badRequest(NOT_MODIFIED);
  }
  entry.message = { ...entry.message, caption, reply_markup: markup, edit_date: nowSeconds() };
  return toMessage(entry, emulator);
}

function editMessageReplyMarkup(emulator, bot, params) {
  const entry = editTarget(emulator, bot.token, params);
  const markup = markupParam(params);
  if (sameMarkup(markup, entry.message.reply_markup)) throw badRequest(NOT_MODIFIED);
  entry.message = { ...entry.message, reply_markup: markup, edit_date: nowSeconds() };
  return toMessage(entry, emulator);
}

function deleteMessage(emulator, bot, params) {
  const entry = emulator.botEntry(bot.token, params.chat_id, params.message_id);
  if (!entry) throw badRequest('message to delete not found');
  const messages = emulator.server.storage.botMessages;
  messages.splice(messages.indexOf(entry), 1);
  return true;
}

function answerCallbackQuery(emulator, bot, params) {
  const id = String(params.callback_query_id ?? '');
  if (!bot.callbackAnswers.has(id) || bot.callbackAnswers.get(id) !== null) {
    throw badRequest('query is too old and response timeout expired or query ID is invalid');
  }
  bot.callbackAnswers.set(id, {
    text: params.text ?? null,
    show_alert: String(params.show_alert) === 'true',
    url: params.url ?? null,
  });
  return true;
}

function sendChatAction(emulator, bot, params) {
  emulator.requireChat(bot, params.chat_id);
  if (!CHAT_ACTIONS.has(String(params.action))) throw badRequest('wrong parameter action in request');
  return true;
}

function commandsKey(params) {
  const scope = json(params.scope, { type: 'default' });
  const language = params.language_code ?? '';
  if (language !== '' && !/^[a-z]{2}$/.test(language)) throw badRequest('invalid language code specified');
  return `${JSON.stringify(scope)}|${language}`;
}

function setMyCommands(emulator, bot, params) {
  const commands = json(params.commands, undefined);
  if (!Array.isArray(commands)) throw badRequest('field "commands" must be an Array');
  if (commands.length > 100) throw badRequest('too many commands');
  for (const command of commands) {
    if (!command || !COMMAND.test(String(command.command))) throw badRequest('BOT_COMMAND_INVALID');
    const size = characters(command.description ?? '');
    if (size < 1 || size > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
  }
  bot.commands.set(commandsKey(params), commands.map((c) => ({ command: c.command, description: c.description })));
  return true;
}

function setWebhook(emulator, bot, params) {
  const url = String(params.url ?? '');
  if (url === '') {
    bot.webhook = null;
    return true;
  }
  let parsed;
  try {
    parsed = new URL(url);
  } catch (exc) {
    throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
  }
  // Deliberately narrower than Telegram (which wants public HTTPS): the emulator only posts to this machine.
  if (!isLoopback(parsed.hostname)) throw badRequest('bad webhook: the emulator only delivers to loopback addresses');
  if (params.secret_token !== undefined && !SECRET_TOKEN.test(String(params.secret_token))) {
    throw badRequest('secret token contains unallowed characters');
  }
  if (String(params.drop_pending_updates) === 'true') {
    for (const entry of emulator.pendingEntries(bot.token)) entry.isRead = true;
  }
  if (params.allowed_updates !== undefined) bot.allowedUpdates = json(params.allowed_updates, []);
  for (const poller of [...bot.pollers]) poller.fail(new ApiError(409, 'Conflict: terminated by setWebhook request'));
  bot.webhook = {
    url,
    secret_token: params.secret_token === undefined ? undefined : String(params.secret_token),
    max_connections: Number(params.max_connections ?? 40),
  };
  bot.webhookError = null;
  for (const entry of emulator.pendingEntries(bot.token)) emulator.enqueueWebhook(bot, entry);
  return true;
}

function deleteWebhook(emulator, bot, params) {
  bot.webhook = null;
  if (String(params.drop_pending_updates) === 'true') {
    for (const entry of emulator.pendingEntries(bot.token)) entry.isRead = true;
  }
  return true;
}

function getWebhookInfo(emulator, bot) {
  const info = {
    url: bot.webhook ? bot.webhook.url : '',
    has_custom_certificate: false,
    pending_update_count: emulator.pendingEntries(bot.token).length,
  };
  if (bot.webhook) info.max_connections = bot.webhook.max_connections;
  if (bot.allowedUpdates && bot.allowedUpdates.length) info.allowed_updates = bot.allowedUpdates;
  if (bot.webhookError) {
    info.last_error_date = bot.webhookError.date;
    info.last_error_message = bot.webhookError.message;
  }
  return info;
}

function getFile(emulator, bot, params) {
  const record = emulator.files.get(String(params.file_id ?? ''));
  if (!record) throw badRequest('invalid file_id');
  return {
    file_id: record.file_id, file_unique_id: record.file_unique_id, file_size: record.file_size, file_path: record.file_path,
  };
}

const METHODS = {
  getme: (emulator, bot) => emulator.botUserFor(bot.token),
  logout: () => true,
  close: () => true,
  getupdates: (emulator, bot, params, res) => getUpdates(emulator, bot, params, res),
  sendmessage: sendMessage,
  editmessagetext: editMessageText,
  editmessagecaption: editMessageCaption,
  editmessagereplymarkup: editMessageReplyMarkup,
  deletemessage: deleteMessage,
  answercallbackquery: answerCallbackQuery,
  sendchataction: sendChatAction,
  setmycommands: setMyCommands,
  getmycommands: (emulator, bot, params) => bot.commands.get(commandsKey(params)) || [],
  deletemycommands: (emulator, bot, params) => bot.commands.delete(commandsKey(params)) || true,
  setwebhook: setWebhook,
  deletewebhook: deleteWebhook,
  getwebhookinfo: getWebhookInfo,
  getfile: getFile,
};
for (const [method, kind] of Object.entries(MEDIA_METHODS)) METHODS[method] = sendMedia(kind);

function sendError(res, error) {
  const apiError = error instanceof ApiError ? error : new ApiError(500, `Internal Server Error: ${error.message}`);
  res.status(apiError.errorCode).json(apiError.toJSON());
}

/** A fault the test asked for (429 with retry_after, 5xx, a slow answer...), taken once per call. */
async function injectedFault(bot, method) {
  const index = bot.faults.findIndex((fault) => fault.method === method || fault.method === '*');
  if (index < 0) return null;
  const fault = bot.faults[index];
  fault.times -= 1;
  if (fault.times <= 0) bot.faults.splice(index, 1);
  if (fault.delay_ms) await new Promise((resolve) => { setTimeout(resolve, fault.delay_ms); });
  if (!fault.error_code) return null;
  const parameters = fault.retry_after ? { retry_after: fault.retry_after } : undefined;
  const description = fault.description || (fault.error_code === 429
    ? `Too Many Requests: retry after ${fault.retry_after || 1}` : 'Internal Server Error');
  return new ApiError(fault.error_code, description, parameters);
}

function botApiRouter(emulator) {
  const router = express.Router();

  router.get('/file/bot:token/*', (req, res) => {
    const record = emulator.files.byPath(req.params[0]);
    if (!TOKEN.test(req.params.token) || !record) {
      res.status(404).json({ ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    res.type(record.mime_type).send(record.bytes);
  });

  router.all('/bot:token/:method', async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'POST') {
      sendError(res, new ApiError(405, 'Method Not Allowed'));
      return;
    }
    if (!TOKEN.test(req.params.token)) {
      sendError(res, new ApiError(401, 'Unauthorized'));
      return;
    }
    const method = req.params.method.toLowerCase(); // method names are case-insensitive
    const handler = METHODS[method];
    if (!handler) {
      sendError(res, new ApiError(404, 'Not Found'));
      return;
    }
    const bot = emulator.bot(req.params.token);
    bot.requests.set(method, (bot.requests.get(method) || 0) + 1);
    const params = { ...req.query, ...(req.body || {}) };
    try {
      const fault = await injectedFault(bot, method);
      if (fault) throw fault;
      const result = await handler(emulator, bot, params, res, req);
      if (!res.headersSent) res.json({ ok: true, result });
    } catch (error) {
      if (!res.headersSent) sendError(res, error);
    }
  });

  return router;
}

module.exports = { botApiRouter, sendError };
