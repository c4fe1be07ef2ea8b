"""News pages: list with filters, detail, and the editors' create / edit forms."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partage.core.errors import RuleViolation, add_to_form
from partage.core.history import history_entries
from partage.core.http import form_status, posted, posted_files
from partage.roadmap.models import Action

from .forms import PostFilterForm, PostForm
from .models import Post
from .writes import save_post

PAGE_SIZE = 10


def _posts_for_lists():
    return Post.objects.select_related("author").prefetch_related(
        "axes", Prefetch("actions", queryset=Action.objects.living().select_related("programme"))
    )


def get_post_for_user(request: HttpRequest, slug: str) -> Post:
    """The post, or 404 when it does not exist or is not (yet) visible to this user."""
    post = _posts_for_lists().filter(slug=slug).first()
    if post is None:
        raise Http404
    if not request.user.has_perm("news.view_post", post):
        if not request.user.has_perm("news.view_posts"):
            raise PermissionDenied
        raise Http404  # a draft or a scheduled post: do not reveal it exists
    return post


@require_GET
def post_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("news.view_posts"):
        raise PermissionDenied
    filters = PostFilterForm(request.GET or None)
    posts = filters.filter(_posts_for_lists().visible_to(request.user))
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "news/post_list.html",
        {
            "filters": filters,
            "page": page,
            "filtered": bool(filters.is_bound and any(filters.data.get(k) for k in ("q", "axis", "action"))),
            "query_string": query.urlencode(),
            "can_add": request.user.has_perm("news.add_post"),
        },
    )


@require_GET
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_post_for_user(request, slug)
    return render(
        request,
        "news/post_detail.html",
        {
            "post": post,
            "can_edit": request.user.has_perm("news.change_post", post),
            "history": history_entries([post.history.all()], limit=10)
            if request.user.has_perm("news.change_post", post)
            else [],
        },
    )


@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("news.add_post"):
        raise PermissionDenied
    form = PostForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        try:
            post = save_post(author=request.user, **form.cleaned_data)
        except RuleViolation as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("L'actualité a été enregistrée."))
            return redirect(post)
    return render(request, "news/post_form.html", {"form": form, "post": None}, status=form_status(form))


@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, slug: str) -> HttpResponse:
    post = Post.objects.filter(slug=slug).first()
    if post is None:
        raise Http404
    if not request.user.has_perm("news.change_post", post):
        raise PermissionDenied
    form = PostForm(posted(request), posted_files(request), instance=post)
    if request.method == "POST" and form.is_valid():
        try:
            post = save_post(post=Post.objects.get(pk=post.pk), **form.cleaned_data)
        except RuleViolation as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("L'actualité a été modifiée."))
            return redirect(post)
    return render(request, "news/post_form.html", {"form": form, "post": post}, status=form_status(form))
