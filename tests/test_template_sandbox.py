"""A municipality's own template cannot run code, read files or the environment, change the data
other documents see, or exhaust memory: the known escapes from Jinja templates, each refused.

Two layers refuse them: `check-templates`, which a build runs on a project's own templates before
rendering, and the sandbox the template renders in. The sandbox is tested on its own here (the
renderer with the real context of a spec), since the static check could one day miss a form."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import SPEC_2021, own_template

from tenderkit.build import check_spec
from tenderkit.render.context import build_context
from tenderkit.render.docx import DocxRenderer, TemplateProblem

SECRET = "hemligt-lösenord-4711"

ESCAPES = {
    "class hierarchy": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "a global's module": "{{ cycler.__init__.__globals__.os.environ }}",
    "a function's globals": "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "the template object": "{{ self._TemplateReference__context }}",
    "a spec model's class": "{{ case.__class__.__init__.__globals__ }}",
    "a format string": "{{ '{0.__class__.__init__.__globals__}'.format(case) }}",
    "the attr filter": "{{ case|attr('__class__') }}",
    "the hyperlink function": "{{ link.__globals__ }}",
    "a model's __dict__": "{{ case.__dict__ }}",
    "a loop over internals": "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "changing shared data": "{{ text.decisions.append('Nämnden beslutar något annat.') }}",
    "changing a mapping": "{{ requirements.update(x=1) }}",
    "a huge text": "{{ ('x' * 10**9)|length }}",
    "a huge power": "{{ 10**100000000 }}",
    "a huge power in steps": "{{ ((10**99)**99)**99 }}",
    "a huge range": "{{ range(10**9)|list|length }}",
    "pydantic's pickle loader": "{{ case.parse_raw(\"cos\\nsystem\\n(S'id'\\ntR.\", proto=\"pickle\", "
                                "allow_pickle=True) }}",
    "pydantic's file reader": "{{ case.parse_file('/etc/passwd') }}",
    "a model's methods": "{{ case.model_dump() }}",
    "a filter reading any attribute": "{{ figures.components|map('amount', '__class__')|list }}",
    "a text too large to hold": "{{ 'x'|center(3000000000)|length }}",
    "a recursive macro": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
}


@pytest.fixture(scope="module")
def context() -> dict:
    checked = check_spec(SPEC_2021)
    return build_context(checked.spec, checked.figures, checked.requirements, checked.law)


def sandboxed(repo, context, tag: str) -> str:
    """What rendering a template holding `tag` says, straight through the sandbox."""
    path = own_template(repo, "{{ case.title }}</w:t>", tag.replace("'", "&apos;") + "</w:t>")
    with pytest.raises(TemplateProblem) as refused:
        DocxRenderer(path).render(context, {}, date(2021, 1, 1))
    return str(refused.value)


@pytest.mark.parametrize("attack", list(ESCAPES.values()), ids=list(ESCAPES))
def test_the_sandbox_refuses_an_escape(repo, context, monkeypatch, attack):
    monkeypatch.setenv("TENDERKIT_TEST_SECRET", SECRET)
    message = sandboxed(repo, context, attack)
    assert message.startswith(str(repo / "templates" / "tjansteskrivelse.docx") + ": ") or \
        message.startswith("templates/tjansteskrivelse.docx: ")
    assert SECRET not in message


@pytest.mark.parametrize(("attack", "message"), [
    ("{{ case.__class__ }}", "the template tries something templates may not do (reach Python or the system): "
                             "access to attribute '__class__' of 'Case' object is unsafe."),
    ("{{ case.parse_raw('x') }}", "the template tries something templates may not do (reach Python or the system): "
                                  "access to attribute 'parse_raw' of 'Case' object is unsafe."),
    ("{% include '/etc/passwd' %}", "a tag cannot be rendered: TypeError: no loader for this environment specified"),
    ("{{ 'x'|center(3000000000)|length }}", "the template makes a text or list larger than any document needs"),
])
def test_the_sandbox_says_what_a_template_may_not_do(repo, context, attack, message):
    assert message in sandboxed(repo, context, attack)


@pytest.mark.parametrize("attack", [ESCAPES["pydantic's pickle loader"], ESCAPES["class hierarchy"],
                                    "{% include '/etc/passwd' %}"])
def test_a_build_refuses_the_template_before_rendering_it(cli, repo, monkeypatch, attack):
    monkeypatch.setenv("TENDERKIT_TEST_SECRET", SECRET)
    own_template(repo, "{{ case.title }}</w:t>", attack.replace("'", "&apos;") + "</w:t>")
    result = cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo)
    assert result.code == 1
    assert "templates/tjansteskrivelse.docx: paragraph " in result.err
    assert SECRET not in result.out + result.err
    assert not (repo / "output").exists()


@pytest.mark.parametrize(("attack", "message"), [
    ("{{ case.__class__ }}", "uses `case.__class__`, which a template may not: `__class__` is one of Python's "
                             "internals"),
    ("{{ case.parse_raw('x') }}", "uses `case.parse_raw`, but `case` has no field `parse_raw`"),
    ("{{ text.decisions.append('x') }}", "uses `text.decisions.append`, which a template may not: `append` changes "
                                         "data, and a template only reads it"),
])
def test_check_templates_finds_the_escapes_without_building(cli, repo, attack, message):
    own_template(repo, "{{ case.title }}</w:t>", attack.replace("'", "&apos;") + "</w:t>")
    result = cli("check-templates", cwd=repo)
    assert result.code == 1
    assert message in result.err


def test_a_hyperlink_in_a_header_belongs_to_the_header(cli, repo):
    own_template(repo, "{{ organisation.administration }}",
                 "{{ organisation.administration }}</w:t></w:r><w:r><w:t>{{r link(municipal_goals.text, "
                 "municipal_goals.url) }}", part="word/header1.xml")
    result = cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo)
    assert result.code == 0, result.err
    assert "[Kommunfullmäktiges övergripande mål](https://www.linkoping.se/" in \
        (repo / "output" / "anhorigstod-barn-2021" / "tjansteskrivelse.md").read_text(encoding="utf-8")
