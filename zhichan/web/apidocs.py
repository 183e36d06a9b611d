"""The interactive API reference, Swagger UI served from the vendored copy (the
Content-Security-Policy allows no CDN and no inline script, and the app works offline)."""

from __future__ import annotations

from fastapi.responses import HTMLResponse

from zhichan.accounts.deps import permit
from zhichan.http.routing import Router

router = Router(include_in_schema=False)

PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>接口文档 · 知产 zhichan</title>
  <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
  <p style="margin:8px 16px"><a href="/">← 返回知产</a> ·
    接口用访问令牌认证（在“账户与令牌”页创建）；说明见 docs/api.md。</p>
  <div id="swagger-ui" data-spec="/api/openapi.json"></div>
  <script src="/static/vendor/swagger-ui/swagger-ui-bundle.js" defer></script>
  <script src="/static/js/api-docs.js" defer></script>
</body>
</html>
"""


@router.get("/api/docs", dependencies=[permit("public.read")], response_class=HTMLResponse)
def api_docs() -> HTMLResponse:
    return HTMLResponse(PAGE)
