"""Lays out a simple family tree (genogram) for the case page, drawn as SVG by a template.

Three generations, top to bottom: grandparents; parents, carers, aunts and uncles; the children
and their brothers and sisters. Safety network members who are not family sit in a row of their
own. Following genogram custom, women and girls are circles, men and boys are squares, and
anyone else is a rounded box. The children the case is about have a double outline.
"""

from dataclasses import dataclass, field

from cases.models import FamilyMember, Person

NODE_WIDTH = 160
NODE_HEIGHT = 56
ROW_GAP = 56
MARGIN = 16

GENERATION = {
    FamilyMember.Relationship.GRANDPARENT: 0,
    FamilyMember.Relationship.MOTHER: 1,
    FamilyMember.Relationship.FATHER: 1,
    FamilyMember.Relationship.STEP_PARENT: 1,
    FamilyMember.Relationship.PARENTS_PARTNER: 1,
    FamilyMember.Relationship.FOSTER_CARER: 1,
    FamilyMember.Relationship.AUNT_OR_UNCLE: 1,
    FamilyMember.Relationship.SIBLING: 2,
    FamilyMember.Relationship.FRIEND: 3,
    FamilyMember.Relationship.OTHER: 3,
}
PARENTS = {
    FamilyMember.Relationship.MOTHER,
    FamilyMember.Relationship.FATHER,
    FamilyMember.Relationship.STEP_PARENT,
    FamilyMember.Relationship.PARENTS_PARTNER,
    FamilyMember.Relationship.FOSTER_CARER,
}


@dataclass
class Node:
    name: str
    role: str
    shape: str
    is_subject: bool = False
    x: int = 0
    y: int = 0

    @property
    def centre_x(self):
        return self.x + NODE_WIDTH // 2


@dataclass
class FamilyTree:
    rows: list = field(default_factory=lambda: [[], [], [], []])
    lines: list = field(default_factory=list)
    width: int = 0
    height: int = 0

    @property
    def nodes(self):
        return [node for row in self.rows for node in row]


def shape_for(person):
    if person.gender == Person.Gender.FEMALE:
        return "circle"
    if person.gender == Person.Gender.MALE:
        return "square"
    return "rounded"


def family_tree(*, children, family_members, network_members):
    """Positions for every person and the lines between them. Arguments are model instances."""
    tree = FamilyTree()
    parents_on_tree = []
    for member in family_members:
        node = Node(
            member.person.full_name, member.get_relationship_display(), shape_for(member.person)
        )
        tree.rows[GENERATION[member.relationship]].append(node)
        if member.relationship in PARENTS:
            parents_on_tree.append(node)
    for child in children:
        tree.rows[2].insert(0, Node(child.full_name, "Child", shape_for(child), is_subject=True))
    family_people = {member.person_id for member in family_members}
    for member in network_members:
        if member.person_id not in family_people and member.is_active:
            tree.rows[3].append(
                Node(member.person.full_name, f"Network: {member.relationship}", "rounded")
            )

    columns = max(len(row) for row in tree.rows) or 1
    tree.width = MARGIN * 2 + columns * NODE_WIDTH + (columns - 1) * MARGIN
    y = MARGIN
    for row in tree.rows:
        if not row:
            continue
        row_width = len(row) * NODE_WIDTH + (len(row) - 1) * MARGIN
        x = (tree.width - row_width) // 2
        for node in row:
            node.x, node.y = x, y
            x += NODE_WIDTH + MARGIN
        y += NODE_HEIGHT + ROW_GAP
    tree.height = y - ROW_GAP + MARGIN

    _join_generations(tree, parents_on_tree)
    return tree


def _join_generations(tree, parents):
    """A line joins the parents; from it a line drops to a bar above the children. Grandparents
    drop a line onto the parents' bar."""
    grandparents, _, children, _ = tree.rows
    kids = list(children)
    if parents:
        bar_y = parents[0].y + NODE_HEIGHT // 2
        left = min(node.centre_x for node in parents)
        right = max(node.centre_x for node in parents)
        if len(parents) > 1:
            tree.lines.append((left, bar_y, right, bar_y))
        middle = (left + right) // 2
        if kids:
            sibling_y = kids[0].y - ROW_GAP // 2
            tree.lines.append((middle, bar_y, middle, sibling_y))
            _drop_to(tree, kids, sibling_y, middle)
        if grandparents:
            top_y = parents[0].y - ROW_GAP // 2
            gp_middle = sum(node.centre_x for node in grandparents) // len(grandparents)
            _drop_to(tree, grandparents, top_y, gp_middle, upwards=True)
            tree.lines.append((gp_middle, top_y, middle, top_y))
            tree.lines.append((middle, top_y, middle, bar_y))
    elif kids and grandparents:
        top_y = kids[0].y - ROW_GAP // 2
        gp_middle = sum(node.centre_x for node in grandparents) // len(grandparents)
        _drop_to(tree, grandparents, top_y, gp_middle, upwards=True)
        _drop_to(tree, kids, top_y, gp_middle)


def _drop_to(tree, nodes, bar_y, join_x, upwards=False):
    xs = [node.centre_x for node in nodes] + [join_x]
    tree.lines.append((min(xs), bar_y, max(xs), bar_y))
    for node in nodes:
        node_edge = node.y + NODE_HEIGHT if upwards else node.y
        tree.lines.append((node.centre_x, bar_y, node.centre_x, node_edge))
