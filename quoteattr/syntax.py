"""Reading a dependency parse: the tokens of a parsed Document as a tree to walk.

Only a parsing backend (stanza) fills ``Token.head`` and ``Token.deprel``; for a Document
without a parse :meth:`Tree.of` gives ``None`` and the sieves keep to their rules. Quote
detection reads a reporting verb's clausal complement as its content ("said *that the talks
would resume*"); attribution reads its subject ("*the ministry* said", "said *Mr. Ortiz*").

>>> from quoteattr.model import Article, Document, Token
>>> text = "Ortiz said talks resume."
>>> tokens = [Token("Ortiz", 0, 5, head=1, deprel="nsubj"), Token("said", 6, 10),
...           Token("talks", 11, 16, head=3, deprel="nsubj"),
...           Token("resume", 17, 23, head=1, deprel="ccomp"),
...           Token(".", 23, 24, head=1, deprel="punct")]
>>> tree = Tree.of(Document(Article("a", text), (), (), tokens, (), "test", parsed=True))
>>> said = tree.at(6)
>>> [tree.span(i) for i in tree.dependents(said, "nsubj", "ccomp")]
[(0, 5), (11, 23)]
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence

import attrs

from quoteattr.model import Document, Token

__all__ = ["Tree"]

# Dependents that are not part of a subject's name: a relative clause ("a statement that
# was issued by …"), a clause about it, and the punctuation at its edges; a clausal
# complement (a parse that roots "“A,” Nate Silver, the pollster, tweeted" at the name
# hangs the quote from it).
_NOT_IN_PHRASE = frozenset({"acl", "acl:relcl", "punct", "dep", "parataxis", "ccomp"})


@attrs.frozen
class Tree:
    """The parsed tokens, with each token's dependents at hand."""

    tokens: Sequence[Token]
    starts: tuple[int, ...]
    children: tuple[tuple[int, ...], ...]

    @classmethod
    def of(cls, doc: Document) -> Tree | None:
        """The tree of ``doc``, or None when its backend made no parse."""
        if not doc.parsed:
            return None
        tokens = doc.tokens
        children: list[list[int]] = [[] for _ in tokens]
        for i, token in enumerate(tokens):
            if token.head is not None and 0 <= token.head < len(tokens) and token.head != i:
                children[token.head].append(i)
        return cls(tokens, tuple(t.start for t in tokens), tuple(map(tuple, children)))

    def at(self, start: int) -> int | None:
        """The token that starts at character ``start``, if one does."""
        i = bisect.bisect_left(self.starts, start)
        return i if i < len(self.starts) and self.starts[i] == start else None

    def relation(self, i: int) -> str:
        """The relation of token ``i`` to its head, without its subtype ("nsubj" for
        "nsubj:pass")."""
        return self.tokens[i].deprel.split(":", 1)[0]

    def dependents(self, i: int, *relations: str) -> list[int]:
        """Dependents of token ``i`` whose relation (without subtype) is one of
        ``relations``, in text order."""
        return [c for c in self.children[i] if self.relation(c) in relations]

    def head(self, i: int) -> int | None:
        head = self.tokens[i].head
        return head if head is not None and 0 <= head < len(self.tokens) else None

    def subtree(self, i: int, *, leave_out: frozenset[str] = frozenset()) -> Iterator[int]:
        """Token ``i`` and everything that depends on it, but for dependents of the
        relations in ``leave_out`` (full deprels) and what hangs from them."""
        stack, seen = [i], {i}
        while stack:
            node = stack.pop()
            yield node
            for child in self.children[node]:
                if child not in seen and self.tokens[child].deprel not in leave_out:
                    seen.add(child)
                    stack.append(child)

    def span(self, i: int, *, leave_out: frozenset[str] = _NOT_IN_PHRASE,
             contiguous: bool = True) -> tuple[int, int]:
        """The characters from the first to the last token of the subtree of ``i``
        (relative clauses and punctuation left out, see ``leave_out``); where
        ``contiguous``, only as far as its words run on from ``i`` without a word left out
        between ("The pilots — whose union was strong — both": "The pilots")."""
        nodes = set(self.subtree(i, leave_out=leave_out))
        if not contiguous:
            return (min(self.tokens[n].start for n in nodes),
                    max(self.tokens[n].end for n in nodes))
        first = last = i
        k = i - 1
        while k >= 0 and (k in nodes or self.tokens[k].deprel == "punct"):
            first = k if k in nodes else first
            k -= 1
        k = i + 1
        while k < len(self.tokens) and (k in nodes or self.tokens[k].deprel == "punct"):
            last = k if k in nodes else last
            k += 1
        return self.tokens[first].start, self.tokens[last].end
