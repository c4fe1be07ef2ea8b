import rules

from partage.accounts.rules import is_administrator, is_agent, is_commune_contact

rules.add_perm("search.use_search", is_agent | is_commune_contact | is_administrator)
