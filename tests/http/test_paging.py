"""One paging contract for every list: bounded ``limit``/``offset`` with a Chinese 422 on the
API, a lenient offset on pages (a hand-edited link shows a page), one ``{total, items}`` shape."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from zhichan.core.paging import MAX_LIMIT, MAX_OFFSET, Page, Window

LISTS = ["/api/v1/patents", "/api/licensing/catalogue", "/api/transfer/pool"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "query", ["offset=abc", "limit=0", f"limit={MAX_LIMIT + 1}", f"offset={MAX_OFFSET + 1}"]
)
def test_api_lists_refuse_out_of_range_paging_in_chinese(
    client: TestClient, path: str, query: str
) -> None:
    response = client.get(f"{path}?{query}")
    assert response.status_code == 422, response.text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])


@pytest.mark.parametrize("path", LISTS)
def test_api_lists_answer_one_page_shape(client: TestClient, path: str) -> None:
    body = client.get(f"{path}?limit=2&offset=0").json()
    assert isinstance(body["total"], int) and len(body["items"]) <= 2


@pytest.mark.parametrize("path", ["/licensing", "/patents"])
@pytest.mark.parametrize("offset", ["abc", "-5", "99999999999999999999"])
def test_list_pages_read_a_bad_offset_as_the_nearest_page(
    client: TestClient, path: str, offset: str
) -> None:
    assert client.get(f"{path}?offset={offset}").status_code == 200


def test_window_is_clamped() -> None:
    assert Window.lenient("x") == Window(offset=0)
    assert Window.lenient(str(10**30)).offset == MAX_OFFSET
    assert Window.lenient("20", limit=10**6).limit == MAX_LIMIT


def test_page_schema_names_its_items() -> None:
    schema = Page[int].model_json_schema()
    assert schema["required"] == ["total", "items"]
    assert schema["properties"]["items"]["items"]["type"] == "integer"
