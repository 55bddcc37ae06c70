'use strict';
/**
 * The client side: what a Telegram user does (write, tap, edit) and sees (the bot's messages),
 * over plain JSON POSTs. Same routes as telegram-test-api's client (/sendMessage, /sendCommand,
 * /sendCallback, /getUpdates, /getUpdatesHistory), corrected, plus a few the tests need.
 *
 * Corrections: a tap carries the tapped bot message as Telegram shows it (current keyboard) and a
 * chat_instance, and only buttons that are on the message can be tapped; the client sees Message
 * objects, not raw request bodies; /getUpdates can wait (timeout) instead of the client polling.
 */
const express = require('express');

const { ApiError, chatInstance, nowSeconds, toMessage, toUpdate } = require('./shapes');

const USER_TEXT_LIMIT = 4096;

function tokenOf(body) {
  const token = body.botToken || body.token;
  if (!token) throw new ApiError(400, 'Bad Request: botToken is required');
  return String(token);
}

function userOf(body) {
  if (!body.from || body.from.id === undefined) throw new ApiError(400, 'Bad Request: from.id is required');
  return { is_bot: false, first_name: 'Test user', ...body.from };
}

function chatOf(body, from) {
  return { id: from.id, type: 'private', first_name: from.first_name, ...(body.chat || {}) };
}

/** A command as Telegram clients mark it: a bot_command entity over the leading /word. */
function commandEntities(text) {
  const match = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
  return match ? [{ type: 'bot_command', offset: 0, length: match[0].length }] : undefined;
}

function clientRouter(emulator) {
  const router = express.Router();
  const { server } = emulator;

  const route = (path, handler) => {
    router.post(path, async (req, res) => {
      try {
        res.json({ ok: true, result: await handler(req.body || {}, res) });
      } catch (error) {
        const apiError = error instanceof ApiError ? error : new ApiError(500, String(error.message || error));
        res.status(apiError.errorCode).json(apiError.toJSON());
      }
    });
  };

  const userMessage = (body) => {
    const token = tokenOf(body);
    const from = userOf(body);
    const chat = emulator.rememberChat(chatOf(body, from), from);
    if (body.text !== undefined && [...String(body.text)].length > USER_TEXT_LIMIT) {
      throw new ApiError(400, 'Bad Request: a Telegram user cannot send more than 4096 characters');
    }
    const { botToken, token: ignored, ...fields } = body; // eslint-disable-line no-unused-vars
    return { token, message: { ...fields, botToken: token, from, chat, date: body.date ?? nowSeconds() } };
  };

  // A message (text, sticker, photo, voice, location...): Update.message.
  route('/sendMessage', async (body) => {
    const { message } = userMessage(body);
    const ids = { update_id: server.updateId, message_id: server.messageId };
    await server.addUserMessage(message);
    return ids;
  });

  // A command: a text message with its bot_command entity.
  route('/sendCommand', async (body) => {
    const { message } = userMessage(body);
    message.entities = message.entities || commandEntities(String(message.text || '')) || [];
    const ids = { update_id: server.updateId, message_id: server.messageId };
    await server.addUserCommand(message);
    return ids;
  });

  // The user edits one of their earlier messages: Update.edited_message.
  route('/sendEditedMessage', async (body) => {
    const { token, message } = userMessage(body);
    const { botToken, ...fields } = message; // eslint-disable-line no-unused-vars
    if (body.message_id === undefined) throw new ApiError(400, 'Bad Request: message_id is required');
    const edited = { ...fields, message_id: Number(body.message_id), edit_date: nowSeconds() };
    const ids = { update_id: server.updateId, message_id: edited.message_id };
    await server.addUserUpdate({ ...server.getCommonFields(token), editedMessage: edited });
    return ids;
  });

  // A tap on an inline button of a bot message: Update.callback_query.
  route('/sendCallback', async (body) => {
    const token = tokenOf(body);
    const from = userOf(body);
    const chat = chatOf(body, from);
    const messageId = body.message_id ?? (body.message && body.message.message_id);
    const entry = emulator.botEntry(token, chat.id, messageId);
    if (!entry) throw new ApiError(400, `Bad Request: message ${messageId} of the bot is not in chat ${chat.id}`);
    const message = toMessage(entry, emulator);
    const buttons = message.reply_markup ? message.reply_markup.inline_keyboard.flat() : [];
    // `force` taps a button that is no longer shown: a double tap racing the bot's edit, or a replay.
    if (!body.force && !buttons.some((button) => button.callback_data === body.data)) {
      throw new ApiError(400, `Bad Request: message ${messageId} has no button with callback_data ${body.data}`);
    }
    const bot = emulator.bot(token);
    const ids = { update_id: server.updateId, callback_query_id: String(server.callbackId) };
    bot.callbackAnswers.set(ids.callback_query_id, null);
    await server.addUserCallback({
      botToken: token, from, message, chat_instance: chatInstance(chat.id), data: String(body.data),
    });
    return ids;
  });

  // The bot's messages in one chat that the client has not seen yet; waits up to `timeout` seconds.
  route('/getUpdates', async (body, res) => {
    const token = tokenOf(body);
    const chatId = String(body.chatId ?? body.chat_id);
    const timeoutMs = Math.min(30, Math.max(0, Number(body.timeout || 0))) * 1000;
    const unread = () => server.storage.botMessages.filter((entry) => entry.botToken === token
      && String(entry.message.chat_id) === chatId && !entry.isRead);
    const deadline = Date.now() + timeoutMs;
    while (unread().length === 0 && Date.now() < deadline && !res.destroyed) {
      await new Promise((resolve) => { setTimeout(resolve, 20); });
    }
    return unread().map((entry) => {
      entry.isRead = true;
      return { updateId: entry.updateId, messageId: entry.messageId, message: toMessage(entry, emulator) };
    });
  });

  // One bot message as the user's app shows it now (after edits); 404 once deleted.
  route('/getMessage', async (body) => {
    const entry = emulator.botEntry(tokenOf(body), body.chatId ?? body.chat_id, body.messageId ?? body.message_id);
    if (!entry) throw new ApiError(404, 'Not Found: no such message');
    return toMessage(entry, emulator);
  });

  route('/getUpdatesHistory', async (body) => server.getUpdatesHistory(tokenOf(body)).map((entry) => (
    entry.message && entry.message.chat_id !== undefined
      ? { updateId: entry.updateId, messageId: entry.messageId, message: toMessage(entry, emulator) }
      : { updateId: entry.updateId, update: toUpdate(entry) })));

  // Whether the bot is polling right now, how often it asked, its webhook: for fixtures and checks.
  route('/getBotStatus', async (body) => {
    const bot = emulator.bot(tokenOf(body));
    return {
      polling: bot.pollers.size > 0,
      getUpdatesCalls: bot.getUpdatesCalls,
      requests: Object.fromEntries(bot.requests),
      pendingUpdates: emulator.pendingEntries(bot.token).length,
      webhook: bot.webhook ? { url: bot.webhook.url, has_secret_token: Boolean(bot.webhook.secret_token) } : null,
      webhookError: bot.webhookError,
    };
  });

  route('/getCallbackAnswer', async (body) => {
    const bot = emulator.bot(tokenOf(body));
    const id = String(body.callbackQueryId ?? body.callback_query_id);
    if (!bot.callbackAnswers.has(id)) throw new ApiError(404, 'Not Found: no such callback query');
    const answer = bot.callbackAnswers.get(id);
    return { answered: answer !== null, answer };
  });

  // The user blocks (or unblocks) the bot: sending to the chat then answers 403.
  route('/blockChat', async (body) => {
    const bot = emulator.bot(tokenOf(body));
    const chatId = String(body.chatId ?? body.chat_id);
    if (body.blocked === false) bot.blockedChats.delete(chatId);
    else bot.blockedChats.add(chatId);
    return true;
  });

  // The next `times` calls of a Bot API method fail (e.g. 429 with retry_after) or are slow.
  route('/failNext', async (body) => {
    const bot = emulator.bot(tokenOf(body));
    bot.faults.push({
      method: String(body.method || '*').toLowerCase(),
      error_code: body.error_code === undefined ? undefined : Number(body.error_code),
      description: body.description,
      retry_after: body.retry_after === undefined ? undefined : Number(body.retry_after),
      delay_ms: Number(body.delay_ms || 0),
      times: Number(body.times || 1),
    });
    return true;
  });

  return router;
}

module.exports = { clientRouter };
