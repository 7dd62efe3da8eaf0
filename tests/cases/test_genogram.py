import datetime

from cases.genogram import NODE_HEIGHT, family_tree
from cases.models import FamilyMember, Person, SafetyNetworkMember


def person(first, gender=""):
    return Person(first_name=first, last_name="Reid", gender=gender)


def member(first, relationship, gender=""):
    return FamilyMember(person=person(first, gender), relationship=relationship)


def test_generations_stack_grandparents_parents_children_and_network():
    R = FamilyMember.Relationship
    family = [
        member("Sandra", R.GRANDPARENT, Person.Gender.FEMALE),
        member("Chloe", R.MOTHER, Person.Gender.FEMALE),
        member("Daniel", R.FATHER, Person.Gender.MALE),
        member("Max", R.SIBLING),
    ]
    neighbour = SafetyNetworkMember(
        person=Person(pk=99, first_name="Priya", last_name="Shah"),
        relationship="Neighbour",
        joined_on=datetime.date(2026, 1, 1),
    )

    tree = family_tree(
        children=[person("Leo", Person.Gender.MALE)],
        family_members=family,
        network_members=[neighbour],
    )

    rows = [[node.name for node in row] for row in tree.rows]
    assert rows == [
        ["Sandra Reid"],
        ["Chloe Reid", "Daniel Reid"],
        ["Leo Reid", "Max Reid"],
        ["Priya Shah"],
    ]
    shapes = {node.name: (node.shape, node.is_subject) for node in tree.nodes}
    assert shapes["Leo Reid"] == ("square", True)
    assert shapes["Chloe Reid"] == ("circle", False)
    assert shapes["Max Reid"] == ("rounded", False)
    assert [node.y for node in tree.nodes] == sorted(node.y for node in tree.nodes)
    assert tree.height >= 4 * NODE_HEIGHT
    # The parents are joined, and a line runs down from them to the children.
    chloe, daniel = tree.rows[1]
    bar_y = chloe.y + NODE_HEIGHT // 2
    assert (chloe.centre_x, bar_y, daniel.centre_x, bar_y) in tree.lines


def test_ended_network_members_are_left_off_the_picture():
    ended = SafetyNetworkMember(
        person=Person(pk=7, first_name="Old", last_name="Friend"),
        relationship="Friend",
        joined_on=datetime.date(2025, 1, 1),
        ended_on=datetime.date(2026, 1, 1),
    )

    tree = family_tree(children=[person("Leo")], family_members=[], network_members=[ended])

    assert [node.name for node in tree.nodes] == ["Leo Reid"]
