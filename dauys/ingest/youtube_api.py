"""A small client of the YouTube Data API v3: the key, quota units, retries with backoff, redaction.

The collection logic lives in :mod:`dauys.ingest.youtube`; this module only makes calls. Every call
costs quota units (each ``list`` call costs 1, failed calls included); before each attempt the
:class:`QuotaMeter` checks that the day's units plus the cost stay within the budget, else the call is
not made and :class:`QuotaStop` is raised. The API key travels as the documented ``key=`` query
parameter and is removed from every message, exception and log record this module produces.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from dauys.errors import DauysError, InputError
from dauys.provenance import redact_text

DEFAULT_API_URL = "https://www.googleapis.com/youtube/v3"
API_URL_ENV = "DAUYS_YOUTUBE_API_URL"
API_KEY_ENV = "DAUYS_YOUTUBE_API_KEY"
RETRY_DELAY_ENV = "DAUYS_YOUTUBE_RETRY_DELAY"  # seconds of the first backoff (tests and benches set it low)
DEFAULT_TIMEOUT = 30.0
DEFAULT_TRIES = 5
DEFAULT_RETRY_DELAY = 1.0
MAX_RETRY_WAIT = 300.0  # a Retry-After beyond this is cut to it
QUOTA_TZ = ZoneInfo("America/Los_Angeles")  # YouTube resets the daily quota at midnight Pacific time
DEFAULT_BUDGET = 10_000
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded", "dailyLimitExceededUnreg"})
RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
KEY_REASONS = frozenset({
    "keyInvalid", "keyExpired", "forbidden", "accessNotConfigured", "ipRefererBlocked", "API_KEY_INVALID",
    "API_KEY_SERVICE_BLOCKED", "API_KEY_HTTP_REFERRER_BLOCKED", "API_KEY_IP_ADDRESS_BLOCKED",
    "SERVICE_DISABLED",
})
USER_AGENT = "dauys (research workbench; https://pypi.org/project/dauys/)"
KEY_HELP = (
    "create an API key in the Google Cloud console (APIs & Services > Credentials, with the YouTube Data "
    f"API v3 enabled) and put it in the environment variable {API_KEY_ENV} or in a file given with --api-key-file"
)


class YouTubeError(DauysError):
    """An error of the YouTube API or of reaching it (its message never contains the key)."""


class KeyRefused(YouTubeError):
    """The API refused the key (invalid, expired, API not enabled, blocked): retrying cannot help."""


class QuotaStop(YouTubeError):
    """The quota budget, or the API's own daily quota, is spent; collecting more must wait for the reset."""

    def __init__(self, message: str, units_today: int, budget: int, by_server: bool):
        super().__init__(message)
        self.units_today = units_today
        self.budget = budget
        self.by_server = by_server


class Unavailable(YouTubeError):
    """The API did not answer usefully after every retry (network errors, 429 or 5xx)."""


@dataclass
class APIError(YouTubeError):
    """An HTTP error the collector may handle (404 videoNotFound, 403 commentsDisabled, ...)."""

    status: int
    reason: str
    detail: str

    def __str__(self) -> str:
        return f"HTTP {self.status} {self.reason}: {self.detail}"


def read_api_key(api_key_file: str | Path | None = None, environ: dict[str, str] | None = None) -> str:
    """The API key: the first line of ``api_key_file`` if given, else ``$DAUYS_YOUTUBE_API_KEY``."""
    environ = os.environ if environ is None else environ
    if api_key_file is not None:
        path = Path(api_key_file)
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except FileNotFoundError:
            raise InputError(f"--api-key-file {path}: there is no such file; {KEY_HELP}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"--api-key-file {path}: cannot be read ({type(exc).__name__}); {KEY_HELP}") from None
        key = lines[0].strip() if lines else ""
        if not key:
            raise InputError(f"--api-key-file {path}: the first line is empty; it should hold the key. {KEY_HELP}")
        return key
    key = (environ.get(API_KEY_ENV) or "").strip()
    if not key:
        raise InputError(f"No YouTube API key: {KEY_HELP}.")
    return key


def api_url(environ: dict[str, str] | None = None) -> str:
    """The API's base address, ``/youtube/v3`` included, from ``$DAUYS_YOUTUBE_API_URL`` or the default."""
    environ = os.environ if environ is None else environ
    url = (environ.get(API_URL_ENV) or "").strip() or DEFAULT_API_URL
    if not url.startswith(("http://", "https://")):
        raise InputError(f"{API_URL_ENV}={redact_text(url)!r}: give an http(s) address such as {DEFAULT_API_URL}")
    return url.rstrip("/")


def retry_delay_default(environ: dict[str, str] | None = None) -> float:
    environ = os.environ if environ is None else environ
    raw = environ.get(RETRY_DELAY_ENV)
    if not raw:
        return DEFAULT_RETRY_DELAY
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"{RETRY_DELAY_ENV}={raw!r}: give a number of seconds, for example 1") from None
    if value < 0:
        raise InputError(f"{RETRY_DELAY_ENV}={raw!r}: give a number of seconds, 0 or more")
    return value


def quota_day(now: datetime | None = None):
    """The API's quota day of ``now``: the date in America/Los_Angeles."""
    return (now or datetime.now(UTC)).astimezone(QUOTA_TZ).date()


@dataclass
class QuotaMeter:
    """Units spent per quota day: ``stored`` (already in the project's ``api_quota``) plus ``pending``
    (spent by this process, not yet written). The collector writes ``pending`` with each page."""

    budget: int = DEFAULT_BUDGET
    stored: dict[Any, int] = field(default_factory=dict)
    pending: dict[Any, int] = field(default_factory=dict)
    load: Callable[[Any], int] | None = None  # reads the stored units of a day not seen yet
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def today(self) -> int:
        day = quota_day(self.clock())
        if day not in self.stored:
            self.stored[day] = int(self.load(day)) if self.load else 0
        return self.stored[day] + self.pending.get(day, 0)

    def check(self, cost: int) -> None:
        used = self.today()
        if used + cost > self.budget:
            raise QuotaStop(
                f"the quota budget is reached: {used:,} of {self.budget:,} units used today (Pacific time), "
                f"the next call costs {cost}", used, self.budget, by_server=False,
            )

    def spend(self, cost: int) -> None:
        day = quota_day(self.clock())
        self.today()
        self.pending[day] = self.pending.get(day, 0) + cost

    def take_pending(self) -> dict[Any, int]:
        """The pending units, moved to ``stored`` (call inside the transaction that writes them)."""
        pending, self.pending = self.pending, {}
        for day, units in pending.items():
            self.stored[day] = self.stored.get(day, 0) + units
        return pending

    def give_back(self, pending: dict[Any, int]) -> None:
        """Undo :meth:`take_pending` when the transaction that was to write them failed."""
        for day, units in pending.items():
            self.stored[day] -= units
            self.pending[day] = self.pending.get(day, 0) + units


class _RedactFilter(logging.Filter):
    """Removes ``key=...`` from httpx's request log lines, in case an application logs them."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not fit its format: leave it to logging
            return True
        redacted = redact_text(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


_FILTER = _RedactFilter()
for _name in ("httpx", "httpcore"):
    if _FILTER not in logging.getLogger(_name).filters:
        logging.getLogger(_name).addFilter(_FILTER)


def _error_reason(payload: Any) -> tuple[str, str]:
    """The reason code and message of a Google API error body (both the old and the new format)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("error"), dict):
        return "", ""
    error = payload["error"]
    message = str(error.get("message") or "")
    reasons = [e.get("reason") for e in error.get("errors") or () if isinstance(e, dict) and e.get("reason")]
    reasons += [d.get("reason") for d in error.get("details") or () if isinstance(d, dict) and d.get("reason")]
    for reason in reasons:  # the specific reason (API_KEY_INVALID) over the generic one (badRequest)
        if reason in KEY_REASONS | QUOTA_REASONS | RATE_REASONS:
            return reason, message
    reason = reasons[0] if reasons else str(error.get("status") or "")
    if "api key not valid" in message.lower():
        reason = "keyInvalid"
    return reason, message


class YouTubeAPI:
    """Calls ``GET {base_url}/{resource}`` with the key, counting units, retrying 429, 5xx and network errors.

    ``counts`` holds ``calls`` (HTTP requests made), ``units`` and ``retries``.
    """

    def __init__(
        self,
        key: str,
        *,
        base_url: str | None = None,
        quota: QuotaMeter | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        tries: int = DEFAULT_TRIES,
        retry_delay: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ):
        self._key = key
        self.base_url = (base_url or api_url()).rstrip("/")
        self.quota = quota or QuotaMeter()
        self.tries = max(1, int(tries))
        self.retry_delay = retry_delay_default() if retry_delay is None else float(retry_delay)
        self.sleep = sleep
        self.counts = {"calls": 0, "units": 0, "retries": 0}
        self._client = httpx.Client(
            timeout=timeout, headers={"User-Agent": USER_AGENT, "Accept": "application/json"}, transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> YouTubeAPI:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def redact(self, text: str) -> str:
        text = redact_text(str(text))
        return text.replace(self._key, "[redacted]") if self._key else text

    def shown(self, resource: str, params: dict[str, Any] | None = None) -> str:
        """The address of a call as messages and the ledger show it: no key."""
        query = "&".join(f"{k}={v}" for k, v in (params or {}).items() if k != "key")
        return self.redact(f"{self.base_url}/{resource}" + (f"?{query}" if query else ""))

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        wait = self.retry_delay * (2 ** (attempt - 1)) * random.uniform(0.5, 1.5)
        if retry_after:
            try:
                wait = max(wait, min(float(retry_after), MAX_RETRY_WAIT))
            except ValueError:  # an HTTP date: rare for this API; the exponential wait stands
                pass
        return wait

    def get(self, resource: str, params: dict[str, Any], cost: int = 1) -> dict[str, Any]:
        """The JSON answer of one call. Raises :class:`QuotaStop`, :class:`KeyRefused`, :class:`Unavailable`
        or :class:`APIError` (any other HTTP error, for the caller to handle)."""
        shown = self.shown(resource, params)
        last_problem = ""
        for attempt in range(1, self.tries + 1):
            self.quota.check(cost)
            self.quota.spend(cost)
            self.counts["calls"] += 1
            self.counts["units"] += cost
            retry_after = None
            try:
                response = self._client.get(f"{self.base_url}/{resource}", params={**params, "key": self._key})
            except httpx.TransportError as exc:
                last_problem = f"{type(exc).__name__}: {self.redact(str(exc)) or 'no answer'}"
            else:
                status = response.status_code
                try:
                    payload = response.json()
                except ValueError:
                    payload = None
                if status == 200 and isinstance(payload, dict):
                    return payload
                reason, message = _error_reason(payload)
                message = self.redact(message)[:300]
                if status == 200:
                    last_problem = "the answer was not JSON"
                elif reason in QUOTA_REASONS:
                    used = self.quota.today()
                    raise QuotaStop(
                        f"the API's daily quota is spent ({reason}: {message or 'quota exceeded'}); this project "
                        f"counted {used:,} units today (Pacific time)", used, self.quota.budget, by_server=True,
                    )
                elif reason in KEY_REASONS or (status in (400, 401, 403) and "api key" in message.lower()):
                    raise KeyRefused(
                        f"the API key was refused: {reason or status}: {message or 'no message'} ({shown}); "
                        f"check {API_KEY_ENV} or --api-key-file"
                    )
                elif status in RETRY_STATUS or reason in RATE_REASONS:
                    last_problem = f"HTTP {status}" + (f" {reason}" if reason else "") + (
                        f": {message}" if message else "")
                    retry_after = response.headers.get("Retry-After")
                else:
                    raise APIError(status, reason or str(status), message or response.reason_phrase)
            if attempt < self.tries:
                self.counts["retries"] += 1
                self.sleep(self._backoff(attempt, retry_after))
        raise Unavailable(f"{shown}: no usable answer after {self.tries} tries ({last_problem})")
