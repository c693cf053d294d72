"""The ActiveSync endpoint, ``/Microsoft-Server-ActiveSync``: OPTIONS and the POST pipeline.

POST: query (plain or base64) -> DeviceId/DeviceType -> credentials ->
protocol version -> command -> body -> provisioning -> WBXML -> handler ->
WBXML. Each step
that refuses gives a deliberate, logged answer from `REFUSALS`: the
specification's status in strict mode, Z-Push's (nearly always 500) by
default (eas-facts.md 1 #4, #5; 6). The GET parameters are checked before
the credentials, as Z-Push's index.php does. A body that is not WBXML, or
not the command's document, gets the command's protocol-error status in
strict mode and a 500 in Z-Push mode (eas-facts.md 6: truncated body,
FolderSync without SyncKey).

Provisioning (`server.provisioning`'s table) stands between the body and
the handler: a command the device may not run yet gets HTTP 449 in
Z-Push mode at every version (eas-facts 1 #13, 6), Status 142/144 in the
command's document at 14.x with `ServerConfig.policy_statuses`. Provision
is always exempt, Ping too in Z-Push mode (its UNPROVISIONED flag). A
handler runs inside one store transaction unless its spec says it waits
(Ping, Sync with Wait), in which case it takes short ones itself.

``X-MS-RP`` (MS-ASHTTP 2.2.2.1.2.6; eas-facts 1 #11): the answer to a
device's request carries the announced version list once whenever it
differs from the list the device was last sent, whatever the command and
its outcome: on a new device's first request and on the first after the
server's versions changed (Z-Push's DeviceManager::AnnounceASVersion,
before the command runs). The list sent is stored per device.
`server.commands.foldersync` adds it to every FolderSync 0 as well.

Must not: implement a command (`server.commands`) or touch SQL.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from eas import wbxml
from eas.commands import CommandError
from eas.http import (
    WBXML_CONTENT_TYPE,
    X_MS_RP,
    ASRequestLine,
    QueryError,
    parse_policy_key,
    parse_protocol_version,
    parse_query,
    version_key,
)
from eas.status import CommonStatus
from server.auth import AuthResult, authenticate
from server.commands import COMMANDS, NOT_SUPPORTED, CommandContext, CommandSpec, options
from server.commands.base import CommandResult
from server.config import ServerConfig
from server.limits import BodyError, read_body
from server.model import User
from server.pingwait import LongPoll, PingRegistry
from server.provisioning import Verdict, classify, gate
from server.responses import Response, error, unauthorized, wbxml_response
from server.store.onoffice import OnOfficeStore
from server.store.syncstate import Device, SyncStateStore

log = logging.getLogger("zpush_sim.server")

# Deliberate refusals: reason -> (strict status, Z-Push status).
REFUSALS: Mapping[str, tuple[int, int]] = {
    "method not supported": (501, 500),  # eas-facts.md 1 #4
    "malformed query": (400, 500),  # 1 #5, #10
    "missing DeviceId or DeviceType": (400, 500),  # 1 #5; 6
    "protocol version not announced": (400, 500),  # MS-ASHTTP 2.2.1.1.2.6
    "command not implemented": (501, 500),  # 1 #4; 6
    "bad Content-Length": (400, 500),
    "body too large": (413, 500),  # server.limits; Z-Push: PHP's post_max_size
}

Environ = Mapping[str, Any]
# A long poll whose answer is a Response once it ends (`server.pingwait`).
Waiting = LongPoll[Response]


class _Stop(Exception):
    """Ends the pipeline early with a deliberate answer."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


class ActiveSync:
    def __init__(
        self, config: ServerConfig, onoffice: OnOfficeStore, sync_state: SyncStateStore
    ) -> None:
        self.config = config
        self.onoffice = onoffice
        self.sync_state = sync_state
        self.commands: Mapping[str, CommandSpec] = COMMANDS
        self.advertised = options.advertised_commands(config, self.commands, NOT_SUPPORTED)
        self.pings = PingRegistry()

    def __call__(self, environ: Environ) -> Response | Waiting:
        try:
            method = environ.get("REQUEST_METHOD", "")
            if method == "OPTIONS":
                return self._options(environ)
            if method == "POST":
                return self._post(environ)
            raise _Stop(self._refuse("method not supported", method))
        except _Stop as stop:
            return stop.response

    # -- OPTIONS -----------------------------------------------------------

    def _options(self, environ: Environ) -> Response:
        if options.needs_auth(self.config):
            self._authenticate(environ)
        return wbxml_response(None, options.headers(self.config, self.advertised))

    # -- POST --------------------------------------------------------------

    def _post(self, environ: Environ) -> Response | Waiting:
        try:
            line = parse_query(environ.get("QUERY_STRING", ""))
        except QueryError as exc:
            raise _Stop(self._refuse("malformed query", str(exc))) from exc
        if not line.device_id or not line.device_type:
            raise _Stop(self._missing_device(environ, line))
        user = self._authenticate(environ)
        version = self._version(environ, line)
        spec = self.commands.get(line.cmd)
        if spec is None:
            raise _Stop(self._refuse("command not implemented", line.cmd))
        device = self.sync_state.touch_device(
            user.id,
            line.device_id,
            line.device_type,
            environ.get("HTTP_USER_AGENT", ""),
            self.config.clock.now(),
        )
        body = self._body(environ)
        versions = ",".join(self.config.protocol_versions)
        announce = self.sync_state.announce_versions(device.id, versions)
        response = self._command(environ, line, spec, user, device, version, body)

        def announced(response: Response) -> Response:
            if announce and all(name.lower() != X_MS_RP.lower() for name, _ in response.headers):
                log.info(
                    "Announcing latest AS version to device %s: %s", device.device_id, versions
                )
                response = replace(response, headers=(*response.headers, (X_MS_RP, versions)))
            return response

        if isinstance(response, LongPoll):
            return response.then(announced)
        return announced(response)

    def _command(
        self,
        environ: Environ,
        line: ASRequestLine,
        spec: CommandSpec,
        user: User,
        device: Device,
        version: str,
        body: bytes,
    ) -> Response | Waiting:
        """Provisioning gate, WBXML decoding and the handler, for a known device."""
        refusal = self._provisioning(environ, line, spec, device, version)
        if refusal is not None:
            return refusal
        ctx = CommandContext(
            self.config, self.onoffice, self.sync_state, user, device, line, version,
            self.advertised, self.pings,
        )  # fmt: skip
        wbxml_body = spec.wbxml_from is None or version_key(version) >= version_key(spec.wbxml_from)
        try:
            limits = self.config.input_limits.wbxml
            tree = wbxml.decode(body, limits) if body and wbxml_body else None
            if spec.atomic:
                with self.onoffice.db.transaction():  # one request's state change is atomic
                    result = spec.handle(ctx, tree)
            else:
                result = spec.handle(ctx, tree)
        except (wbxml.WBXMLError, CommandError) as exc:
            return self._format_error(spec, exc)
        return self._answer(result)

    @classmethod
    def _answer(cls, result: CommandResult) -> Response | Waiting:
        if result.wait is not None:
            return result.wait.then(cls._answer_now)
        return cls._answer_now(result)

    @staticmethod
    def _answer_now(result: CommandResult) -> Response:
        if result.http_status != 200:
            # A deliberate, logged non-200 (Z-Push's 500s): the WBXML type, a body
            # only where Z-Push leaves one (cut off).
            return Response(
                result.http_status, result.headers, result.error_body, WBXML_CONTENT_TYPE
            )
        return wbxml_response(result.tree, result.headers)

    def _missing_device(self, environ: Environ, line: ASRequestLine) -> Response:
        spec = self.commands.get(line.cmd)
        sent = parse_protocol_version(
            line.protocol_version or environ.get("HTTP_MS_ASPROTOCOLVERSION")
        )
        if self.config.strict and spec and sent and version_key(sent) >= (14, 0):
            # MS-ASCMD 2.2.2 (eas-facts 1 #5): from 14.0 a status in the command's body.
            status = (
                CommonStatus.DEVICE_ID_MISSING_OR_INVALID
                if not line.device_id
                else CommonStatus.DEVICE_TYPE_MISSING_OR_INVALID
            )
            log.warning("%s without DeviceId or DeviceType: Status %d", line.cmd, status)
            return wbxml_response(spec.status_document(status))
        return self._refuse("missing DeviceId or DeviceType", line.cmd)

    def _provisioning(
        self,
        environ: Environ,
        line: ASRequestLine,
        spec: CommandSpec,
        device: Device,
        version: str,
    ) -> Response | None:
        """None if the command may run; else the 449 or the Status 142/144 document."""
        config = self.config
        exempt = not spec.provisioned or (not config.strict and not spec.zpush_provisioned)
        if not config.provisioning or exempt:
            return None
        header = environ.get("HTTP_X_MS_POLICYKEY")
        present = line.policy_key is not None or header is not None
        sent = line.policy_key if line.policy_key is not None else parse_policy_key(header)
        record = self.sync_state.policy(device.id)
        verdict, after = gate(record, classify(record, sent, present))
        if after is not None:
            self.sync_state.set_policy(device.id, after)
        if verdict is Verdict.RUN:
            return None
        status = (
            CommonStatus.DEVICE_NOT_PROVISIONED
            if verdict is Verdict.NOT_PROVISIONED
            else CommonStatus.INVALID_POLICY_KEY
        )
        if config.policy_statuses and version_key(version) >= (14, 0):
            log.info("%s from %s: %s: Status %d", spec.name, device.device_id, verdict, status)
            return wbxml_response(spec.status_document(status))
        log.info("%s from %s: %s: HTTP 449", spec.name, device.device_id, verdict)
        return error(449)

    def _authenticate(self, environ: Environ) -> User:
        result: AuthResult = authenticate(self.onoffice, environ.get("HTTP_AUTHORIZATION"))
        if result.user is None:
            # Z-Push LOGAUTHFAIL's line, so that the log reads like Z-Push's.
            log.warning(
                "IP: %s failed to authenticate user '%s' (%s)",
                environ.get("REMOTE_ADDR", "?"),
                result.login,
                result.refusal,
            )
            raise _Stop(unauthorized())
        return result.user

    def _version(self, environ: Environ, line: ASRequestLine) -> str:
        # eas-facts.md 1 #9: the base64 query's byte, else the header, else the latest.
        sent = line.protocol_version or environ.get("HTTP_MS_ASPROTOCOLVERSION")
        if sent is None or not sent.strip():
            return self.config.latest_version
        version = parse_protocol_version(sent)
        if version is None or version not in self.config.protocol_versions:
            raise _Stop(self._refuse("protocol version not announced", sent))
        return version

    def _body(self, environ: Environ) -> bytes:
        """The body, after authentication, within the configured cap (`server.limits`)."""
        try:
            return read_body(environ, self.config.input_limits.activesync_body)
        except BodyError as exc:
            raise _Stop(self._refuse(exc.reason, str(exc))) from exc

    # -- answers -----------------------------------------------------------

    def _refuse(self, reason: str, detail: str) -> Response:
        strict_status, zpush_status = REFUSALS[reason]
        status = strict_status if self.config.strict else zpush_status
        log.warning("answering %d: %s (%s)", status, reason, detail)
        return error(status)

    def _format_error(self, spec: CommandSpec, exc: ValueError) -> Response:
        if self.config.strict:
            log.warning("%s: protocol error status for a malformed request: %s", spec.name, exc)
            return wbxml_response(spec.format_error())
        log.warning("%s: answering 500 to a malformed request, as Z-Push does: %s", spec.name, exc)
        return error(500)
