"""The six smart-city dimensions and their 18 elements (programs.choices), in their tables.

Loaded by a data migration and again after every migrate or flush (apps.py): a test that runs
in a real transaction flushes the database, and the next test must still find them.
"""

from __future__ import annotations


def load_dimensions(apps, schema_editor=None) -> None:
    from programs.choices import DIMENSIONS

    Dimension = apps.get_model("programs", "Dimension")
    Element = apps.get_model("programs", "Element")
    for d_order, (code, name, elements) in enumerate(DIMENSIONS, start=1):
        dimension, _ = Dimension.objects.update_or_create(
            code=code, defaults={"name": name, "order": d_order}
        )
        for e_order, (e_code, e_name, e_name_en) in enumerate(elements, start=1):
            Element.objects.update_or_create(
                code=e_code,
                defaults={"dimension": dimension, "name": e_name, "name_en": e_name_en,
                          "order": e_order},
            )
