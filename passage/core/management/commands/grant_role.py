"""Give a user a role in an office (creating the user if asked), or take it away."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from passage.core import services
from passage.core.errors import DomainError
from passage.core.models import Membership, Office, Role, User


class Command(BaseCommand):
    help = (
        "Grant USER the ROLE in the office with code OFFICE (the role covers that office and every office "
        f"below it). Roles: {', '.join(Role.values)}. --create makes the user first and asks for a password "
        "unless --password-from-env NAME is given. --revoke takes the role away. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("user", help="User name.")
        parser.add_argument("office", help="Office code, e.g. CO-KEN or HQ.")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("--create", action="store_true", help="Create the user if it does not exist.")
        parser.add_argument("--email", default="", help="E-mail of a user created with --create.")
        parser.add_argument("--password-from-env", metavar="NAME",
                            help="Read the new user's password from this environment variable.")
        parser.add_argument("--revoke", action="store_true", help="Take the role away instead.")

    def handle(self, *args, user: str, office: str, role: str, create: bool, email: str, password_from_env,
               revoke: bool, **options):
        import getpass
        import os

        try:
            office_obj = Office.objects.get(code=office.upper())
        except Office.DoesNotExist:
            raise CommandError(f"No office with code {office}.")
        account = User.objects.filter(username=user).first()
        if account is None:
            if not create or revoke:
                raise CommandError(f"No user {user}; add --create to make one.")
            password = os.environ.get(password_from_env, "") if password_from_env else getpass.getpass("Password: ")
            if len(password) < 10:
                raise CommandError("The password must have at least 10 characters.")
            account = User.objects.create_user(username=user, email=email, password=password)
        try:
            if revoke:
                membership = Membership.objects.filter(user=account, office=office_obj, role=role).first()
                if membership is None:
                    raise CommandError(f"{user} holds no {role} role in {office_obj.code}.")
                services.revoke_role(actor=None, membership=membership)
                self.stdout.write(f"Revoked: {user} is no longer {role} in {office_obj.code}.")
            else:
                services.grant_role(actor=None, user=account, office=office_obj, role=role)
                self.stdout.write(f"Granted: {user} is {role} in {office_obj.code} and the offices below it.")
        except DomainError as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from exc
