"""History tables indexed for the case timeline."""

from django.db import models
from simple_history.models import HistoricalRecords


class CaseHistory(HistoricalRecords):
    """django-simple-history, plus a composite index on (the field that leads to the case,
    history_date), which is what each part of the timeline query filters and orders by."""

    def __init__(self, *args, case_field="case", **kwargs):
        self.case_field = case_field
        super().__init__(*args, **kwargs)

    def get_meta_options(self, model):
        meta = super().get_meta_options(model)
        index = models.Index(fields=[self.case_field, "history_date"])
        meta["indexes"] = (*meta.get("indexes", ()), index)
        return meta
