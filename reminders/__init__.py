"""Reminders and broadcasts that are never lost, never doubled, and respect Telegram's limits.

Modules:
  policy      which reminders an appointment gets and when (offsets per kind and municipality,
              quiet hours, Europe/Amsterdam wall-clock time across DST)
  scheduling  keeps an appointment's reminder rows in step: `add_appointment`, `reschedule_appointment`,
              `cancel_appointment`, and `sync_appointment_reminders(uow, appointment_id, municipalities)`
              to call after any other change to an appointment (web app, CSV/ICS import)
  broadcasts  a regisseur's message to a segment, as one outbox row per recipient, with progress
  dispatcher  claims due rows with a lease, renders, sends at Telegram's pace, records the message id
  ratelimit   30 msg/s overall, 1/s per chat, Telegram's 429 pause; shared through Redis when configured
  sending     the Bot API call and its failures sorted into retry / pause / blocked / give up
  worker      `inburgerbot run worker`: APScheduler ticks the dispatcher, daily digest, retention purge

Entry point for tests and other transports — deliver everything that is due, once:

    from reminders.dispatcher import dispatch_due
    report = await dispatch_due(store, bot, now=None, limit=None)   # bot: aiogram Bot or a MessageSender
    report.sent, report.message_ids                                   # {reminder id: telegram message id}

It uses the packaged municipality files and `DispatchSettings()` (env INBURGERBOT_DISPATCH_*)
unless `municipalities=`, `settings=` or `limiter=` are given. Pass `now=` to make rows due at a
chosen moment; quiet hours (e.g. 21:00-08:00) hold messages back, so pass a daytime `now` or
`settings=DispatchSettings(quiet_hours=False)` in tests that run at any hour.
"""
