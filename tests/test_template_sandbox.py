"""A municipality's own template cannot run code, read files or the environment, change the data
other documents see, or exhaust memory: the known escapes from Jinja templates, each refused, and each test asserts the reason it was
refused for (a test template that only fails to parse would otherwise pass as a refused escape).

Two layers refuse them: `check-templates`, which a build runs on a project's own templates before
rendering, and the sandbox the template renders in. The sandbox is tested on its own here (the
renderer with the real context of a spec), since the static check could one day miss a form."""

from __future__ import annotations

from datetime import date

import pytest
from helpers.common import SPEC_2021, own_template

from tenderkit.build import check_spec
from tenderkit.render.context import build_context
from tenderkit.render.docx import DocxRenderer, TemplateProblem

SECRET = "hemligt-lösenord-4711"
REFUSED = "the template tries something templates may not do (reach Python or the system): "


def unsafe(attribute: str, owner: str) -> str:
    return f"{REFUSED}access to attribute '{attribute}' of '{owner}' object is unsafe."


# each escape with the reason it must be refused for: a template that fails for another reason
# (a typo in the attack, a tag Jinja cannot parse) proves nothing about the sandbox
ESCAPES = {
    "class hierarchy": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", unsafe("__class__", "str")),
    "a global's module": ("{{ cycler.__init__.__globals__.os.environ }}", unsafe("__init__", "type")),
    "a function's globals": ("{{ lipsum.__globals__['os'].popen('id').read() }}", unsafe("__globals__", "function")),
    "the template object": ("{{ self._TemplateReference__context }}",
                            unsafe("_TemplateReference__context", "TemplateReference")),
    "a spec model's internals": ("{{ case.__class__ }}", unsafe("__class__", "Case")),
    # `case.__class__` is refused as an undefined value, whose own `__init__` is refused in turn
    "a spec model's class": ("{{ case.__class__.__init__.__globals__ }}", unsafe("__init__", "StrictUndefined")),
    "a format string": ("{{ '{0.__class__.__init__.__globals__}'.format(case) }}",
                        unsafe("__init__", "StrictUndefined")),
    "the attr filter": ("{{ case|attr('__class__') }}", unsafe("__class__", "Case")),
    "the hyperlink function": ("{{ link.__globals__ }}", unsafe("__globals__", "function")),
    "a model's __dict__": ("{{ case.__dict__ }}", unsafe("__dict__", "Case")),
    "a loop over internals": ("{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
                              unsafe("__class__", "tuple")),
    "changing shared data": ("{{ text.decisions.append('Nämnden beslutar något annat.') }}",
                             unsafe("append", "list")),
    "changing a mapping": ("{{ requirements.update(x=1) }}", unsafe("update", "dict")),
    "another file": ("{% include '/etc/passwd' %}",
                     "a tag cannot be rendered: TypeError: no loader for this environment specified"),
    "a huge text": ("{{ ('x' * 10**9)|length }}",
                    f"{REFUSED}repeating a text or list beyond 100000 items is not allowed in a template"),
    "a huge power": ("{{ 10**100000000 }}", f"{REFUSED}a number this large is not allowed in a template"),
    "a huge power in steps": ("{{ ((10**99)**99)**99 }}", f"{REFUSED}a number this large is not allowed in a template"),
    "a huge range": ("{{ range(10**9)|list|length }}", "a tag cannot be rendered: OverflowError: Range too big. "
                                                       "The sandbox blocks ranges larger than MAX_RANGE (100000)."),
    "pydantic's pickle loader": ("{{ case.parse_raw(\"cos\\nsystem\\n(S'id'\\ntR.\", proto=\"pickle\", "
                                 "allow_pickle=True) }}", unsafe("parse_raw", "Case")),
    "pydantic's file reader": ("{{ case.parse_file('/etc/passwd') }}", unsafe("parse_file", "Case")),
    "a model's methods": ("{{ case.model_dump() }}", unsafe("model_dump", "Case")),
    "a filter reading any attribute": ("{{ figures.components|map('amount', '__class__')|list }}",
                                       "a tag cannot be rendered: ValueError: amount reads one of proposed_per_year, "
                                       "current_per_year, max_volume, not '__class__'"),
    "a text too large to hold": ("{{ 'x'|center(3000000000)|length }}",
                                 "the template makes a text or list larger than any document needs (more than 2 GB)"),
    "a recursive macro": ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
                          "a tag cannot be rendered: RecursionError: maximum recursion depth exceeded"),
}


@pytest.fixture(scope="module")
def context() -> dict:
    checked = check_spec(SPEC_2021)
    return build_context(checked.spec, checked.figures, checked.requirements, checked.law)


def sandboxed(repo, context, tag: str) -> str:
    """What rendering a template holding `tag` says, straight through the sandbox, after the
    template's name."""
    path = own_template(repo, "{{ case.title }}</w:t>", tag.replace("'", "&apos;") + "</w:t>")
    with pytest.raises(TemplateProblem) as refused:
        DocxRenderer(path).render(context, {}, date(2021, 1, 1))
    message = str(refused.value)
    named = next((name for name in (str(path), "templates/tjansteskrivelse.docx") if message.startswith(name + ": ")),
                 None)
    assert named, message
    return message.removeprefix(named + ": ")


@pytest.mark.parametrize(("attack", "reason"), list(ESCAPES.values()), ids=list(ESCAPES))
def test_the_sandbox_refuses_an_escape_for_its_reason(repo, context, monkeypatch, attack, reason):
    monkeypatch.setenv("TENDERKIT_TEST_SECRET", SECRET)
    message = sandboxed(repo, context, attack)
    assert message.startswith(reason)
    assert SECRET not in message


@pytest.mark.parametrize(("broken", "message"), [
    ("{{ case.__class__ }", "template error: unexpected '}'"),
    ("{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}",
     "template error: Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'."),
])
def test_an_escape_with_a_syntax_error_is_not_refused_as_an_escape(repo, context, broken, message):
    """The escapes above, mistyped: the template fails, but not for reaching Python, so such a
    test template could not pass for a refused escape."""
    said = sandboxed(repo, context, broken)
    assert said.startswith(message)
    assert not said.startswith(REFUSED)


@pytest.mark.parametrize(("attack", "reason"), [
    (ESCAPES["pydantic's pickle loader"][0], "uses `case.parse_raw`, but `case` has no field `parse_raw`"),
    (ESCAPES["class hierarchy"][0], "uses `….__class__`, which a template may not: `__class__` is one of Python's "
                                    "internals"),
    (ESCAPES["another file"][0], "needs other template files, and a template is one .docx"),
    ("{{ text.decisions.append('x') }}", "uses `text.decisions.append`, which a template may not: `append` changes "
                                         "data, and a template only reads it"),
])
def test_check_templates_and_a_build_refuse_the_escape_before_rendering(cli, repo, monkeypatch, attack, reason):
    monkeypatch.setenv("TENDERKIT_TEST_SECRET", SECRET)
    own_template(repo, "{{ case.title }}</w:t>", attack.replace("'", "&apos;") + "</w:t>")
    for command in (["check-templates"], ["build", "specs/anhorigstod-barn-2021.yaml"]):
        result = cli(*command, cwd=repo)
        assert result.code == 1
        assert "templates/tjansteskrivelse.docx: paragraph 3 " in result.err
        assert reason in result.err
        assert SECRET not in result.out + result.err
    assert not (repo / "output").exists()


def test_a_hyperlink_in_a_header_belongs_to_the_header(cli, repo):
    own_template(repo, "{{ organisation.administration }}",
                 "{{ organisation.administration }}</w:t></w:r><w:r><w:t>{{r link(municipal_goals.text, "
                 "municipal_goals.url) }}", part="word/header1.xml")
    result = cli("build", "specs/anhorigstod-barn-2021.yaml", cwd=repo)
    assert result.code == 0, result.err
    assert "[Kommunfullmäktiges övergripande mål](https://www.linkoping.se/" in \
        (repo / "output" / "anhorigstod-barn-2021" / "tjansteskrivelse.md").read_text(encoding="utf-8")
