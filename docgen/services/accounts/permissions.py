"""The one table of permissions: which role may do what. Every view, command and service
asks this module (through ``docgen.services.accounts.identity``); no template or view decides on its
own. The role-matrix test is generated from this table and the routes."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"      # chuyên viên
    LEADER = "leader"    # lãnh đạo
    RECORDS = "records"  # văn thư
    ADMIN = "admin"      # quản trị
    COUNCIL = "council"  # thường trực Hội đồng Thi đua - Khen thưởng (Ủy viên thường trực, thư ký)


class Perm(StrEnum):
    RENDER = "render"                        # stateless render, preview, schema
    PAPER_READ = "paper.read"                # see the agency's papers and their files
    PAPER_DRAFT = "paper.draft"              # create, edit own drafts, submit them
    PAPER_APPROVE = "paper.approve"          # approve or return a submitted paper
    PAPER_SIGN = "paper.sign"                # the leader's signature on an approved paper
    PAPER_ISSUE = "paper.issue"              # number and date, the agency's (seal) signature
    PAPER_REVOKE = "paper.revoke"
    PAPER_COPY = "paper.copy"                # certified copies: sao y, sao lục, trích sao
    REGISTER_READ = "register.read"          # the register books (văn bản đi, sổ vàng)
    FIGURES_READ = "figures.read"            # the year's figures of awards (statistics)
    BATCH_RUN = "batch.run"                  # print certificates
    CERTIFICATE_REGISTER = "certificate.register"  # take register numbers (sổ vàng)
    TEMPLATE_MANAGE = "template.manage"      # the agency's templates: save, choose a version
    ROUND_READ = "round.read"                # see the agency's commendation rounds
    ROUND_NOMINATE = "round.nominate"        # propose nominations: one's own unit's only
    ROUND_MANAGE = "round.manage"            # open a round; any nomination; meeting, votes
    ROUND_PAPERS = "round.papers"            # make the round's drafts (Tạo hồ sơ)
    USERS_MANAGE = "users.manage"
    ALL_AGENCIES = "agency.all"              # sees (not acts on) every agency's objects
    # A cluster's scoring year (Cụm, Khối thi đua); each also needs the actor's agency to
    # be the right one: a member unit, the khối trưởng's unit, the organising agency.
    CLUSTER_READ = "cluster.read"            # see the years of the clusters one's agency is in
    CLUSTER_SCORE = "cluster.score"          # a member unit scores itself, explains a review
    CLUSTER_REVIEW = "cluster.review"        # the khối trưởng's unit reviews, locks, records
    #                                          the meeting
    CLUSTER_ORGANISE = "cluster.organise"    # the organising agency sets the year up and
    #                                          drafts its minutes and Tờ trình


ROLE_LABELS: dict[Role, str] = {
    Role.CLERK: "Chuyên viên",
    Role.LEADER: "Lãnh đạo",
    Role.RECORDS: "Văn thư",
    Role.ADMIN: "Quản trị",
    Role.COUNCIL: "Thường trực Hội đồng TĐKT",
}

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.CLERK: frozenset({Perm.RENDER, Perm.PAPER_READ, Perm.PAPER_DRAFT, Perm.BATCH_RUN,
                           Perm.ROUND_READ, Perm.ROUND_NOMINATE, Perm.CLUSTER_READ,
                           Perm.CLUSTER_SCORE, Perm.CLUSTER_ORGANISE}),
    Role.LEADER: frozenset({Perm.RENDER, Perm.PAPER_READ, Perm.PAPER_APPROVE, Perm.PAPER_SIGN,
                            Perm.FIGURES_READ, Perm.ROUND_READ, Perm.CLUSTER_READ,
                            Perm.CLUSTER_REVIEW}),
    # The records office issues the cluster's papers as any other (PAPER_ISSUE).
    Role.RECORDS: frozenset({Perm.RENDER, Perm.PAPER_READ, Perm.PAPER_ISSUE, Perm.PAPER_REVOKE,
                             Perm.PAPER_COPY,
                             Perm.REGISTER_READ, Perm.FIGURES_READ, Perm.BATCH_RUN,
                             Perm.CERTIFICATE_REGISTER, Perm.TEMPLATE_MANAGE, Perm.ROUND_READ,
                             Perm.ROUND_MANAGE, Perm.CLUSTER_READ}),
    # "manages users of all agencies; nothing else implied" - and sees everything, to help.
    Role.ADMIN: frozenset({Perm.USERS_MANAGE, Perm.ALL_AGENCIES, Perm.PAPER_READ,
                           Perm.REGISTER_READ, Perm.FIGURES_READ, Perm.ROUND_READ}),
    # The council's standing member or secretary: opens the round, records the meeting and
    # the votes, and drafts the round's papers (then submits them as any drafting clerk).
    Role.COUNCIL: frozenset({Perm.RENDER, Perm.PAPER_READ, Perm.PAPER_DRAFT, Perm.ROUND_READ,
                             Perm.ROUND_MANAGE, Perm.ROUND_PAPERS}),
}


def permissions_of(roles: frozenset[str] | set[str] | list[str]) -> frozenset[Perm]:
    """The union of the permissions of ``roles`` (unknown role names give nothing)."""
    out: set[Perm] = set()
    for r in roles:
        try:
            out |= ROLE_PERMISSIONS[Role(r)]
        except ValueError:
            continue
    return frozenset(out)
