from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partage.core.bounds import BoundedFormMixin
from partage.roadmap.models import Action, Axis, Programme

from .models import Post

MAX_IMAGE_SIZE = 5 * 1024 * 1024


def _current_programme() -> Programme | None:
    return Programme.objects.filter(is_current=True).first()


class PostForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = Post
        fields = ["title", "summary", "body", "image", "image_alt", "axes", "actions", "status", "published_at"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "axes": forms.CheckboxSelectMultiple,
            "actions": forms.CheckboxSelectMultiple,
            "published_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        programme = _current_programme()
        self.fields["axes"].queryset = Axis.objects.filter(programme=programme)
        kept = list(self.instance.actions.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["actions"].queryset = (
            Action.objects.filter(programme=programme)
            .living_or(kept)
            .order_by("objective__axis__number", "objective__number", "position")
        )
        self.fields["published_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and getattr(image, "size", 0) > MAX_IMAGE_SIZE:
            raise forms.ValidationError(_("L'image dépasse 5 Mo : réduisez-la avant de la joindre."))
        return image

    def clean(self) -> dict:
        cleaned = super().clean()
        # Published without a date: published now.
        if cleaned.get("status") == Post.Status.PUBLISHED and not cleaned.get("published_at"):
            cleaned["published_at"] = timezone.now()
        return cleaned


class PostFilterForm(BoundedFormMixin, forms.Form):
    q = forms.CharField(label=_("Texte"), required=False, max_length=200)
    axis = forms.ModelChoiceField(label=_("Axe"), queryset=Axis.objects.none(), required=False, empty_label=_("Tous"))
    action = forms.ModelChoiceField(
        label=_("Fiche-action"), queryset=Action.objects.none(), required=False, empty_label=_("Toutes")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        programme = _current_programme()
        self.fields["axis"].queryset = Axis.objects.filter(programme=programme)
        self.fields["action"].queryset = Action.objects.filter(programme=programme).living()

    def filter(self, posts):
        if not self.is_valid():
            return posts
        data = self.cleaned_data
        if data.get("axis"):
            about_axis = Post.objects.filter(Q(axes=data["axis"]) | Q(actions__objective__axis=data["axis"]))
            posts = posts.filter(pk__in=about_axis.values("pk"))
        if data.get("action"):
            posts = posts.filter(actions=data["action"])
        if data.get("q"):
            text = data["q"].strip()
            posts = posts.filter(Q(title__icontains=text) | Q(summary__icontains=text) | Q(body__icontains=text))
        return posts
