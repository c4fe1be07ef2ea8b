"""The project's form renderer (settings.FORM_RENDERER).

Every field Django prints itself (`{{ field.as_field_group }}`, `{{ form }}`, `form.as_div`) goes through
the one field template, templates/includes/field.html, the same one pages include by hand: one markup for
labels, required marks, help texts and errors (aria-describedby, aria-invalid) wherever a form is shown.
TemplatesSetting renders through the project's TEMPLATES, so that the project's templates directory is
found; Django's own widget templates come from `django.forms` in INSTALLED_APPS.
"""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    field_template_name = "includes/field.html"
