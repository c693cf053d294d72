"""The autodiscover endpoint, ``/autodiscover/autodiscover.xml`` (any case), POST only.

Z-Push's autodiscover (eas-facts.md 3, "Autodiscover"): Basic credentials
first (401 without or when wrong, before a byte of the body is read), then
the mobilesync request (capped, `server.limits`); the answer names the
user and ``https://<activesync host>/Microsoft-Server-ActiveSync``
(B-AUTO-1). A request for another e-mail domain gets an Error document
(B-AUTO-2; in the real network that domain has no autodiscover at all).
Android devices get 404 unless the setting is on (B-AUTO-3: the service
"is not available" for Android). A malformed request is answered as Z-Push
does (400 for a schema other than mobilesync, 500 otherwise, eas-facts.md
1 #36) or, strict, with the spec's ErrorCode 600/601 document.

Must not: parse or write autodiscover XML itself (`eas.autodiscover` does).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from eas.autodiscover import (
    ERROR_INVALID_REQUEST,
    XML_CONTENT_TYPE,
    AutodiscoverError,
    AutodiscoverSettings,
    build_error_response,
    build_response,
    parse_request,
)
from eas.http import ACTIVESYNC_PATH
from server.auth import authenticate
from server.config import ServerConfig
from server.limits import BodyError, read_body
from server.responses import Response, error, unauthorized
from server.store.onoffice import OnOfficeStore

log = logging.getLogger("zpush_sim.server")

# Z-Push's HTTP answer per kind of malformed request (eas-facts.md 1 #36):
# BadRequestException for a schema that is not mobilesync, 500 for the rest.
ZPUSH_MALFORMED_STATUS: Mapping[str, int] = {"unsupported_schema": 400, "missing_schema": 400}
ZPUSH_MALFORMED_DEFAULT = 500

# B-AUTO-3: User-Agent marks of Android mail clients (lower case; eas-facts.md 3).
ANDROID_USER_AGENT_MARKS: tuple[str, ...] = ("android", "samsung")


class Autodiscover:
    def __init__(self, config: ServerConfig, onoffice: OnOfficeStore) -> None:
        self.config = config
        self.onoffice = onoffice

    def __call__(self, environ: Mapping[str, Any]) -> Response:
        if environ.get("REQUEST_METHOD") != "POST":
            return error(405, (("Allow", "POST"),))
        agent = str(environ.get("HTTP_USER_AGENT", "")).lower()
        if not self.config.android_autodiscover and any(
            mark in agent for mark in ANDROID_USER_AGENT_MARKS
        ):
            log.info("autodiscover: not offered to Android (%s)", agent)
            return error(404)
        authorization = environ.get("HTTP_AUTHORIZATION")
        if not authorization:
            return unauthorized()
        # Credentials before the body: an unauthenticated caller costs no parsing.
        result = authenticate(self.onoffice, authorization)
        if result.user is None:
            log.warning("autodiscover: %s refused (%s)", result.login, result.refusal)
            return unauthorized()
        try:
            request = parse_request(read_body(environ, self.config.input_limits.autodiscover_body))
        except BodyError as exc:
            status = 413 if self.config.strict else ZPUSH_MALFORMED_DEFAULT
            log.warning("autodiscover: answering %d: %s", status, exc)
            return error(status)
        except AutodiscoverError as exc:
            return self._malformed(exc)
        domain = request.email_address.rpartition("@")[2]
        if domain.lower() != self.config.autodiscover_domain.lower():
            log.info("autodiscover: no service for %s", request.email_address)
            message = f"no autodiscover for the domain {domain!r}"
            return self._xml(
                build_error_response(ERROR_INVALID_REQUEST, message, time=self._time())
            )
        settings = AutodiscoverSettings(
            display_name=result.user.display_name,
            email_address=request.email_address,
            url=f"https://{self.config.activesync_host}{ACTIVESYNC_PATH}",
        )
        return self._xml(build_response(settings))

    def _malformed(self, exc: AutodiscoverError) -> Response:
        if self.config.strict:
            log.info("autodiscover: ErrorCode %d: %s", exc.error_code, exc)
            return self._xml(build_error_response(exc.error_code, str(exc), time=self._time()))
        status = ZPUSH_MALFORMED_STATUS.get(exc.kind, ZPUSH_MALFORMED_DEFAULT)
        log.warning("autodiscover: answering %d, as Z-Push does: %s", status, exc)
        return error(status)

    def _time(self) -> str:
        return self.config.clock.now().strftime("%H:%M:%S.%f")

    @staticmethod
    def _xml(body: bytes) -> Response:
        return Response(200, body=body, content_type=XML_CONTENT_TYPE)
