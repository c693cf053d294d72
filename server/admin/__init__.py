"""The admin surface under ``/admin``: a JSON API for steps and an HTML settings page.

`server.admin.app.Admin` is the handler; `api` the JSON routes, `page`
the HTML pages, `scope` the per-customer lookups both go through, `codec`
the model as JSON.
"""
