'use strict';
/**
 * Telegram-shaped objects and errors, built from telegram-test-api's storage entries.
 *
 * telegram-test-api keeps a bot message as the raw request body (chat_id, text, reply_markup...) with
 * a time in milliseconds; Telegram answers with a Message object whose date is in seconds
 * (https://core.telegram.org/bots/api#message). Everything the bot or the test client sees goes
 * through here.
 */

/** An error answered the way the Bot API answers errors: {ok: false, error_code, description}. */
class ApiError extends Error {
  constructor(errorCode, description, parameters) {
    super(description);
    this.errorCode = errorCode;
    this.description = description;
    this.parameters = parameters;
  }

  toJSON() {
    const body = { ok: false, error_code: this.errorCode, description: this.description };
    if (this.parameters) body.parameters = this.parameters;
    return body;
  }
}

const badRequest = (what) => new ApiError(400, `Bad Request: ${what}`);

const seconds = (millis) => Math.floor(millis / 1000);
const nowSeconds = () => seconds(Date.now());

/** The bot's own User: the id is the number before the colon of the token, as on Telegram. */
function botUser(token, username) {
  return {
    id: Number(String(token).split(':')[0]),
    is_bot: true,
    first_name: 'Inburgerbot (emulated)',
    username,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  };
}

/** Telegram's callback_query.chat_instance: a stable opaque string per chat. */
function chatInstance(chatId) {
  let hash = 1469598103934665603n;
  for (const ch of String(chatId)) {
    hash = ((hash ^ BigInt(ch.charCodeAt(0))) * 1099511628211n) % 9223372036854775783n;
  }
  return `-${hash}`;
}

/** A reply_markup as sent by a bot (JSON string or object), or undefined. */
function parseMarkup(value) {
  if (value === undefined || value === null || value === '') return undefined;
  const markup = typeof value === 'string' ? JSON.parse(value) : value;
  return markup;
}

/** Only inline keyboards are part of a Message object; reply keyboards live in the client. */
function inlineKeyboardOf(markup) {
  if (markup && Array.isArray(markup.inline_keyboard) && markup.inline_keyboard.length > 0) {
    return { inline_keyboard: markup.inline_keyboard };
  }
  return undefined;
}

/** Checks an inline keyboard the way Telegram does before it accepts a message. */
function validateInlineKeyboard(markup) {
  const keyboard = inlineKeyboardOf(markup);
  if (!keyboard) return;
  for (const row of keyboard.inline_keyboard) {
    if (!Array.isArray(row)) throw badRequest('field "inline_keyboard" must be an Array of Arrays');
    for (const button of row) {
      if (!button || typeof button.text !== 'string' || button.text.length === 0) {
        throw badRequest('text buttons are unallowed in the inline keyboard');
      }
      if (button.callback_data !== undefined) {
        const size = Buffer.byteLength(String(button.callback_data), 'utf8');
        if (size < 1 || size > 64) throw badRequest('BUTTON_DATA_INVALID');
      }
    }
  }
}

const MEDIA_FIELDS = ['document', 'photo', 'voice', 'audio', 'video', 'animation'];

/**
 * The Message a bot message is on Telegram right now (after edits), from a storage entry.
 * `chats` knows the private chats users opened, so `chat` is the user's chat, not the bot.
 */
function toMessage(entry, emulator) {
  const raw = entry.message;
  const message = {
    message_id: entry.messageId,
    from: emulator.botUserFor(entry.botToken),
    chat: emulator.chatFor(raw.chat_id),
    date: seconds(entry.time),
  };
  if (raw.edit_date !== undefined) message.edit_date = raw.edit_date;
  if (raw.text !== undefined) message.text = raw.text;
  for (const field of MEDIA_FIELDS) {
    if (raw[field] !== undefined) message[field] = raw[field];
  }
  if (raw.caption !== undefined && raw.caption !== '') message.caption = raw.caption;
  const keyboard = inlineKeyboardOf(raw.reply_markup);
  if (keyboard) message.reply_markup = keyboard;
  return message;
}

/** A user's message as it arrives in an Update: no emulator bookkeeping, date in seconds. */
function cleanUserMessage(message, messageId) {
  const { botToken, ...rest } = message; // eslint-disable-line no-unused-vars
  const clean = { ...rest, message_id: messageId };
  if (clean.date === undefined) clean.date = nowSeconds();
  if (clean.date > 1e11) clean.date = seconds(clean.date); // milliseconds from an old client
  if (clean.from) clean.from = { is_bot: false, ...clean.from };
  if (clean.chat && !clean.chat.type) clean.chat = { ...clean.chat, type: 'private' };
  return clean;
}

/** A stored user update as Telegram delivers it (getUpdates result item or webhook body). */
function toUpdate(entry) {
  if (entry.callbackQuery) {
    const query = entry.callbackQuery;
    return {
      update_id: entry.updateId,
      callback_query: {
        id: String(entry.callbackId),
        from: { is_bot: false, ...query.from },
        message: query.message,
        chat_instance: query.chat_instance,
        data: query.data,
      },
    };
  }
  if (entry.editedMessage) {
    return { update_id: entry.updateId, edited_message: entry.editedMessage };
  }
  return { update_id: entry.updateId, message: cleanUserMessage(entry.message, entry.messageId) };
}

/** The update type names used by allowed_updates. */
function updateType(update) {
  return Object.keys(update).find((key) => key !== 'update_id');
}

module.exports = {
  ApiError,
  badRequest,
  botUser,
  chatInstance,
  cleanUserMessage,
  inlineKeyboardOf,
  nowSeconds,
  parseMarkup,
  seconds,
  toMessage,
  toUpdate,
  updateType,
  validateInlineKeyboard,
};
