'use strict';
/**
 * Files: multipart uploads (as aiogram sends InputFile), a file store with file_id reuse, getFile
 * downloads, and what Telegram derives from a file (photo size, voice duration).
 * https://core.telegram.org/bots/api#sending-files
 */
const crypto = require('crypto');
const path = require('path');
const busboy = require('busboy');

const { badRequest } = require('./shapes');

const MAX_UPLOAD = 50 * 1024 * 1024;
const MAX_PHOTO = 10 * 1024 * 1024;
const MIME_BY_EXTENSION = {
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.ics': 'text/calendar',
  '.csv': 'text/csv',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4',
};

/** Express middleware: multipart/form-data fields into req.body, file parts into req.files. */
function multipart(req, res, next) {
  if (!req.is('multipart/form-data')) {
    next();
    return;
  }
  const parser = busboy({ headers: req.headers, limits: { fileSize: MAX_UPLOAD, files: 10, fields: 100 } });
  req.body = {};
  req.files = {};
  let failed = null;
  parser.on('field', (name, value) => {
    req.body[name] = value;
  });
  parser.on('file', (name, stream, info) => {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('limit', () => {
      failed = badRequest('file is too big');
    });
    stream.on('end', () => {
      req.files[name] = { bytes: Buffer.concat(chunks), filename: info.filename, mimeType: info.mimeType };
    });
  });
  parser.on('close', () => next(failed || undefined));
  parser.on('error', (error) => next(error));
  req.pipe(parser);
}

function pngSize(bytes) {
  const signature = '89504e470d0a1a0a';
  if (bytes.length < 24 || bytes.subarray(0, 8).toString('hex') !== signature) return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function jpegSize(bytes) {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1];
    const length = bytes.readUInt16BE(offset + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame) return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    offset += 2 + length;
  }
  return null;
}

/** Seconds of an Ogg/Opus stream: the last page's granule position at 48 kHz (RFC 7845). */
function oggOpusDuration(bytes) {
  if (bytes.length < 27 || bytes.subarray(0, 4).toString('latin1') !== 'OggS') return null;
  const last = bytes.lastIndexOf(Buffer.from('OggS', 'latin1'));
  if (last < 0 || last + 14 > bytes.length) return null;
  const granule = Number(bytes.readBigUInt64LE(last + 6));
  return Math.max(1, Math.round(granule / 48000));
}

class FileStore {
  constructor() {
    this.byId = new Map();
  }

  /** Keep an uploaded file; returns its record (file_id, file_unique_id, bytes, name, mime). */
  add(upload, kind) {
    if (upload.bytes.length === 0) throw badRequest('file must be non-empty');
    const uniqueId = crypto.createHash('sha256').update(upload.bytes).digest('base64url').slice(0, 16);
    const fileId = `${kind.slice(0, 2).toUpperCase()}ACAg${crypto.randomBytes(24).toString('base64url')}`;
    const name = upload.filename || kind;
    const extension = path.extname(name).toLowerCase();
    const record = {
      file_id: fileId,
      file_unique_id: uniqueId,
      file_size: upload.bytes.length,
      file_name: name,
      mime_type: MIME_BY_EXTENSION[extension] || upload.mimeType || 'application/octet-stream',
      file_path: `${kind}s/file_${this.byId.size}${extension}`,
      bytes: upload.bytes,
    };
    this.byId.set(fileId, record);
    return record;
  }

  get(fileId) {
    return this.byId.get(fileId);
  }

  byPath(filePath) {
    return [...this.byId.values()].find((record) => record.file_path === filePath);
  }

  /**
   * The file a send method refers to: an `attach://name` part, a part named like the field, or the
   * file_id of a file sent before. URLs cannot be fetched here (no network), as Telegram would.
   */
  resolve(field, value, files, kind) {
    if (typeof value === 'string' && value.startsWith('attach://')) {
      const upload = files && files[value.slice('attach://'.length)];
      if (!upload) throw badRequest(`file attach://${value.slice(9)} not found in the request`);
      return this.add(upload, kind);
    }
    if (files && files[field]) return this.add(files[field], kind);
    if (typeof value === 'string' && value !== '') {
      const known = this.get(value);
      if (!known) throw badRequest('wrong file identifier/HTTP URL specified');
      return known;
    }
    throw badRequest(`there is no ${field} in the request`);
  }
}

/** What a Message carries for each kind of media (https://core.telegram.org/bots/api#message). */
function describeMedia(kind, record, params) {
  const base = { file_id: record.file_id, file_unique_id: record.file_unique_id, file_size: record.file_size };
  const number = (name) => (params[name] !== undefined ? Number(params[name]) : undefined);
  switch (kind) {
    case 'photo': {
      if (record.file_size > MAX_PHOTO) throw badRequest('file is too big');
      const size = pngSize(record.bytes) || jpegSize(record.bytes);
      if (!size) throw badRequest('IMAGE_PROCESS_FAILED');
      const ratio = Math.max(size.width, size.height) / Math.max(1, Math.min(size.width, size.height));
      if (size.width + size.height > 10000 || ratio > 20) throw badRequest('PHOTO_INVALID_DIMENSIONS');
      return [{ ...base, width: size.width, height: size.height }];
    }
    case 'voice':
      return {
        ...base,
        duration: number('duration') ?? oggOpusDuration(record.bytes) ?? 0,
        mime_type: record.bytes.subarray(0, 4).toString('latin1') === 'OggS' ? 'audio/ogg' : record.mime_type,
      };
    case 'audio':
      return {
        ...base,
        duration: number('duration') ?? oggOpusDuration(record.bytes) ?? 0,
        mime_type: record.mime_type,
        file_name: record.file_name,
        ...(params.title ? { title: params.title } : {}),
        ...(params.performer ? { performer: params.performer } : {}),
      };
    case 'video':
    case 'animation':
      return {
        ...base,
        width: number('width') ?? 0,
        height: number('height') ?? 0,
        duration: number('duration') ?? 0,
        mime_type: record.mime_type,
        file_name: record.file_name,
      };
    default:
      return { ...base, file_name: record.file_name, mime_type: record.mime_type };
  }
}

module.exports = { FileStore, describeMedia, multipart, oggOpusDuration, pngSize, jpegSize };
