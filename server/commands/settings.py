"""Settings (MS-ASCMD 2.2.1.18): DeviceInformation stored per device, UserInformation answered.

DeviceInformation/Set is stored on the device (the admin command lists it)
and answered Status 1 (eas-facts 1 #34; Z-Push echoes it, 6); an empty Set
is Status 5, invalid arguments, in strict mode. UserInformation/Get
answers the user's address: in the 12.x-14.0 shape, or from 14.1 as
Accounts/Account with the primary address and the display name (MS-ASCMD
2.2.3.2). Out-of-office and the device password have no meaning for an
account without a mailbox and are answered Status 1 without data.
"""

from __future__ import annotations

from eas.commands import CommandError
from eas.commands.settings import (
    SettingsRequest,
    SettingsResponse,
    SettingsStatus,
    UserInformation,
)
from eas.tree import Element
from server.commands.base import CommandContext, CommandResult, CommandSpec


def handle(ctx: CommandContext, body: Element | None) -> CommandResult:
    if body is None:
        raise CommandError("Settings with an empty body")
    request = SettingsRequest.from_tree(body)
    device_status = None
    if request.device_information is not None:
        fields = request.device_information.as_dict()
        if not fields and ctx.config.strict:
            device_status = SettingsStatus.INVALID_ARGUMENTS
        else:
            ctx.sync_state.set_device_information(ctx.device.id, fields)
            device_status = SettingsStatus.SUCCESS
    user_status, user_info = None, None
    if request.user_information_get:
        user_status, user_info = SettingsStatus.SUCCESS, _user_information(ctx)
    response = SettingsResponse(
        SettingsStatus.SUCCESS,
        device_information_status=device_status,
        user_information_status=user_status,
        user_information=user_info,
        oof_status=SettingsStatus.SUCCESS if request.oof_get or request.oof_set else None,
        device_password_status=SettingsStatus.SUCCESS if request.device_password_set else None,
    )
    return CommandResult(response.to_tree())


def user_address(ctx: CommandContext) -> str:
    """The user's SMTP address: onOffice's, else the login at the autodiscover domain."""
    return ctx.user.email or f"{ctx.user.login}@{ctx.config.autodiscover_domain}"


def _user_information(ctx: CommandContext) -> UserInformation:
    address = user_address(ctx)
    if not ctx.at_least("14.1"):
        return UserInformation((address,))
    return UserInformation(
        (address,), address, ctx.user.display_name or ctx.user.login, accounts=True
    )


def format_error() -> Element:
    # MS-ASCMD 2.2.3.177.15: a request that does not parse is Status 2, protocol error.
    return SettingsResponse(SettingsStatus.PROTOCOL_ERROR).to_tree()


COMMAND = CommandSpec("Settings", handle, format_error, root_tag="Settings:Settings")
