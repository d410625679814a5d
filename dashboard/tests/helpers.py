"""Reading the dashboard's HTML the way a person reads it: tile by tile."""

from __future__ import annotations

from lxml import html


def page(response):
    assert response.status_code == 200, response.status_code
    return html.fromstring(response.content.decode())


def tile(doc, key: str):
    found = doc.xpath(f'//div[@data-figure="{key}"]')
    assert len(found) == 1, f"tile {key} found {len(found)} times"
    return found[0]


def role(element, name: str):
    found = element.xpath(f'.//*[@data-role="{name}"]')
    assert found, f"no {name} in tile"
    return found[0]


def text(element) -> str:
    return " ".join(element.text_content().split())


def alert_titles(doc) -> list[str]:
    return [text(e) for e in doc.xpath('//li[contains(@class, "dash-alert ")]//div[@class="dash-alert-title"]')]
