"""Small view helpers shared by every app."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError


class TooManyRequests(Exception):
    """A per-user rate limit was reached: answered 429 with this Chinese message (pages and API)."""


def client_ip(request) -> str | None:
    """The client's address; behind our reverse proxy, the address the proxy appended last."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1][:45]
    return request.META.get("REMOTE_ADDR")


def form_error(form) -> ValidationError:
    """An invalid form's messages as one ValidationError keyed by field (the API's 422 body)."""
    return ValidationError(
        {name: [item["message"] for item in items] for name, items in form.errors.get_json_data().items()}
    )


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError at the form's fields (or on top when unknown)."""
    for field, texts in error.message_dict.items():
        form.add_error(field if field in form.fields else None, texts)


def submit_on_form(form, write) -> bool:
    """Call a service write for a valid form; what the service refuses lands on the form
    (ValidationError at its fields, PermissionDenied on top). True when the write went through."""
    try:
        write()
    except ValidationError as error:
        apply_errors(form, error)
    except PermissionDenied as error:
        form.add_error(None, str(error))
    else:
        return True
    return False


def review_on_form(request, form, review, **arguments) -> bool:
    """An officer's decision from a valid 审核 form: review(actor=…, opinion=…, ip_address=…, **arguments).
    What the service refuses lands on the form; "审核完成" is said when it went through."""
    done = submit_on_form(
        form,
        lambda: review(
            actor=request.user, opinion=form.cleaned_data["opinion"], ip_address=client_ip(request), **arguments
        ),
    )
    if done:
        messages.success(request, "审核完成")
    return done


def role_required(*roles):
    """Allow only users with one of the roles (platform admins always pass)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (user.role in roles or user.is_platform_admin):
                raise PermissionDenied("无权访问该页面")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
