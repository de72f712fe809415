"""factory_boy factories for every model; tests build their data with these."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from dewan.council.choices import AgencyKind, CouncilRole, Role
from dewan.council.models import Agency, CouncilMember, Decree, Regency, RoleAssignment
from meetings.models import AgendaItem, Attendance, FollowUp, Meeting, Minutes
from programs.choices import Horizon, ProgramKind
from programs.models import Dimension, Indicator, IndicatorTarget, Program, ProgressReport
from reports.choices import ReportKind
from reports.models import EvaluationReport


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.go.id")
    password = factory.django.Password("rahasia-uji-123")


class RegencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Regency

    name = factory.Sequence(lambda n: f"Uji {n}")
    slug = factory.Sequence(lambda n: f"uji-{n}")
    kind = "kabupaten"
    province = "Sumatera Utara"
    kemendagri_code = factory.Sequence(lambda n: f"99.{n:02d}")
    year_joined = 2019


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    regency = factory.SubFactory(RegencyFactory)
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    short_name = factory.Sequence(lambda n: f"DU{n}")
    kind = AgencyKind.OPD


class DecreeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decree

    regency = factory.SubFactory(RegencyFactory)
    number = factory.Sequence(lambda n: str(100 + n))
    year = 2024
    date_signed = datetime.date(2024, 3, 1)
    title = "Pembentukan Dewan Smart City"


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    regency = factory.SubFactory(RegencyFactory)
    decree = factory.SubFactory(DecreeFactory, regency=factory.SelfAttribute("..regency"))
    agency = factory.SubFactory(AgencyFactory, regency=factory.SelfAttribute("..regency"))
    name = factory.Faker("name", locale="id_ID")
    position = "Kepala Dinas"
    council_role = CouncilRole.MEMBER


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.SECRETARIAT
    regency = factory.SubFactory(RegencyFactory)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    regency = factory.SubFactory(RegencyFactory)
    agency = factory.SubFactory(AgencyFactory, regency=factory.SelfAttribute("..regency"))
    code = factory.Sequence(lambda n: f"P-{n:03d}")
    name = factory.Sequence(lambda n: f"Program uji {n}")
    kind = ProgramKind.APPLICATION
    horizon = Horizon.SHORT
    start_year = 2024
    end_year = 2025
    planned_budget = 100_000_000

    @factory.post_generation
    def dimensions(self, create, extracted, **kwargs):
        if not create:
            return
        self.dimensions.set(extracted or [Dimension.objects.order_by("order").first()])


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    program = factory.SubFactory(ProgramFactory)
    name = "Jumlah pengguna aktif"
    unit = "orang"


class IndicatorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2024
    target = 1000


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    program = factory.SubFactory(ProgramFactory)
    regency = factory.SelfAttribute("program.regency")
    year = 2024
    quarter = 1
    physical_progress = 25
    budget_realised = 10_000_000


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    regency = factory.SubFactory(RegencyFactory)
    title = factory.Sequence(lambda n: f"Rapat Dewan Smart City ke-{n}")
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end = factory.LazyAttribute(lambda m: m.start + datetime.timedelta(hours=2))
    place = "Ruang Rapat Sekretariat Daerah"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Agenda {n}")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    guest_name = factory.Faker("name", locale="id_ID")
    guest_organisation = "Kementerian Komunikasi dan Digital"


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)
    regency = factory.SelfAttribute("meeting.regency")
    discussion = "Pembahasan program smart city."


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    meeting = factory.SubFactory(MeetingFactory)
    regency = factory.SelfAttribute("meeting.regency")
    agency = factory.SubFactory(AgencyFactory, regency=factory.SelfAttribute("..regency"))
    description = "Menyusun Perbup aplikasi berbagi pakai."
    due_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))


class EvaluationReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationReport

    regency = factory.SubFactory(RegencyFactory)
    kind = ReportKind.QUARTERLY
    year = 2024
    quarter = 3
