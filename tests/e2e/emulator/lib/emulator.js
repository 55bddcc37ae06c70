'use strict';
/**
 * The emulator's state around one telegram-test-api TelegramServer: per-bot state, known chats,
 * files, long-poll waiters and webhook delivery.
 *
 * telegram-test-api's TelegramServer keeps the update queue and the bot's messages and hands out
 * update and message ids; this module keeps using that storage and those counters, and patches the
 * one method (addUserUpdate) through which every user update passes, on the instance, so that
 * waiting getUpdates calls wake up and webhooks get Telegram-shaped updates with the secret header.
 */
const EventEmitter = require('events');
const TelegramServer = require('telegram-test-api');

const { FileStore } = require('./media');
const { ApiError, botUser, nowSeconds, toUpdate, updateType } = require('./shapes');

const WEBHOOK_ATTEMPTS = 3;
const WEBHOOK_TIMEOUT_MS = 10000;

function sleep(ms) {
  return new Promise((resolve) => { setTimeout(resolve, ms); });
}

class BotState {
  constructor(token) {
    this.token = token;
    this.pollers = new Set();
    this.getUpdatesCalls = 0;
    this.allowedUpdates = null;
    this.webhook = null;
    this.webhookQueue = Promise.resolve();
    this.webhookError = null;
    this.commands = new Map();
    this.callbackAnswers = new Map();
    this.blockedChats = new Set();
    this.faults = [];
    this.requests = new Map();
  }
}

class Emulator extends EventEmitter {
  constructor({ botUsername = 'inburgerbot_test_bot' } = {}) {
    super();
    // Never started itself: its storage and counters are used, its HTTP routes are replaced.
    this.server = new TelegramServer({ host: '127.0.0.1', port: 1, storeTimeout: 24 * 3600 });
    this.botUsername = botUsername;
    this.bots = new Map();
    this.chats = new Map();
    this.files = new FileStore();
    const emulator = this;
    this.server.addUserUpdate = async function addUserUpdate(update) {
      if (!update || !update.botToken) throw new Error('an update needs a botToken');
      this.storage.userMessages.push(update);
      this.updateId += 1;
      emulator.onUserUpdate(update);
    };
  }

  bot(token) {
    let state = this.bots.get(token);
    if (!state) {
      state = new BotState(token);
      this.bots.set(token, state);
    }
    return state;
  }

  botUserFor(token) {
    return botUser(token, this.botUsername);
  }

  /** Users open private chats by writing to the bot; the bot can only write to those (or gets 400). */
  rememberChat(chat, from) {
    const id = Number(chat && chat.id !== undefined ? chat.id : from.id);
    const known = {
      id,
      type: (chat && chat.type) || 'private',
      ...(from && from.first_name ? { first_name: from.first_name } : {}),
      ...(from && from.last_name ? { last_name: from.last_name } : {}),
      ...(from && from.username ? { username: from.username } : {}),
    };
    this.chats.set(String(id), known);
    return known;
  }

  chatFor(chatId) {
    return this.chats.get(String(chatId)) || { id: Number(chatId), type: 'private' };
  }

  requireChat(bot, chatId) {
    if (chatId === undefined || chatId === null || chatId === '') throw new ApiError(400, 'Bad Request: chat_id is empty');
    const chat = this.chats.get(String(chatId));
    if (!chat) throw new ApiError(400, 'Bad Request: chat not found');
    if (bot.blockedChats.has(String(chatId))) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
    return chat;
  }

  /** Unconfirmed user updates of this bot, oldest first. */
  pendingEntries(token) {
    return this.server.storage.userMessages.filter((entry) => entry.botToken === token && !entry.isRead);
  }

  botEntry(token, chatId, messageId) {
    return this.server.storage.botMessages.find((entry) => entry.botToken === token
      && String(entry.message.chat_id) === String(chatId)
      && Number(entry.messageId) === Number(messageId));
  }

  onUserUpdate(entry) {
    const bot = this.bot(entry.botToken);
    if (bot.webhook) {
      this.enqueueWebhook(bot, entry);
      return;
    }
    for (const poller of [...bot.pollers]) poller.wake();
    this.emit('update', entry);
  }

  allowed(bot, update) {
    return !bot.allowedUpdates || bot.allowedUpdates.length === 0 || bot.allowedUpdates.includes(updateType(update));
  }

  enqueueWebhook(bot, entry) {
    bot.webhookQueue = bot.webhookQueue.then(() => this.deliver(bot, entry)).catch(() => undefined);
  }

  /** POST one update to the webhook, as Telegram does; a few retries, then the error is reported. */
  async deliver(bot, entry) {
    const webhook = bot.webhook;
    if (!webhook || entry.isRead) return;
    const update = toUpdate(entry);
    if (!this.allowed(bot, update)) {
      entry.isRead = true;
      return;
    }
    const headers = { 'content-type': 'application/json' };
    if (webhook.secret_token) headers['X-Telegram-Bot-Api-Secret-Token'] = webhook.secret_token;
    let error = null;
    for (let attempt = 1; attempt <= WEBHOOK_ATTEMPTS; attempt += 1) {
      try {
        const response = await fetch(webhook.url, {
          method: 'POST', headers, body: JSON.stringify(update), signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        await response.arrayBuffer();
        if (response.ok) {
          entry.isRead = true;
          return;
        }
        error = `Wrong response from the webhook: ${response.status} ${response.statusText}`;
      } catch (exc) {
        error = exc && exc.cause && exc.cause.code === 'ECONNREFUSED' ? 'Connection refused' : String(exc.message || exc);
      }
      await sleep(200 * attempt);
    }
    bot.webhookError = { date: nowSeconds(), message: error };
    entry.isRead = true;
  }
}

module.exports = { Emulator };
