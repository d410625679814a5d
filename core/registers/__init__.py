"""The register layer: one set of views, templates and helpers every ledger is declared against.

Six ledgers (执法人员, 复议/应诉, 矛盾纠纷, 目标任务, 普法, 指标) used to carry their own
list, import, child-record, attachment and delete code, and drifted apart. Here each
behaviour exists once:

- `views.RegisterListView`: org scoping (core.mixins), a bounded FilterSet
  (`filters.RegisterFilterSet`; an invalid filter shows the field errors and no rows),
  whitelisted sorting (`sort_fields`; an unknown `?sort=` is ignored), pagination, an
  empty state, export/import buttons in one place (`registers/list.html`);
- `export.LedgerExport`: columns declared once, personal data masked unless the user
  holds 个人信息查看, written as a 台账 (title row, bold frozen header, real dates);
- `views.RegisterImportView` over core.xlsx.XlsxImporter (all rows or none, errors as
  第5行「受理日期」：…);
- `views.ChildMixin`, `attachments.AttachmentBase` and the attachment views: a child
  record is reached through its parent's town; a file goes with its row;
- `views.RegisterDeleteView`: one confirmation page, one protection rule.

An app's views then read as declarations: model, queryset, filterset, form, columns.
core never imports an app; apps import this package.
"""
