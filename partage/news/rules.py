"""Who may read and write news posts."""

import rules

from partage.accounts.rules import is_administrator, is_agent, is_commune_contact, is_moderator

can_edit_posts = is_moderator | is_administrator
can_view_posts = is_agent | is_commune_contact | is_administrator


@rules.predicate
def is_visible_post(user, post) -> bool:
    return post is not None and post.is_visible


rules.add_perm("news.view_posts", can_view_posts)
rules.add_perm("news.view_post", can_edit_posts | (can_view_posts & is_visible_post))
rules.add_perm("news.add_post", can_edit_posts)
rules.add_perm("news.change_post", can_edit_posts)
# Comments on a post: agents only (commune contacts read).
rules.add_perm("news.comment_post", (is_agent | is_administrator) & is_visible_post)
