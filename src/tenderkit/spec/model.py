"""The spec: every fact of one procurement round, validated strictly.

Keys are English snake_case (stable names for code and diffs); each field's `title` is its
Swedish label and `description` its Swedish explanation. Users see those in error messages,
in `tenderkit schema` and in their editor. Models are strict (no silent conversion of "510" to
510), frozen, and reject unknown keys.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from .procurement import Procurement
from .types import (
    NAME_RULE,
    SPEC_ID,
    Count,
    Date,
    Extension,
    Identifier,
    Model,
    Month,
    Paragraph,
    PartialDate,
    Range,
    Text,
    TimeOfDay,
    Url,
    portable_name,
)


class Organisation(Model):
    municipality: Text = Field(title="kommun", description="Kommunens namn, t.ex. ”Linköpings kommun”.")
    short_name: Text = Field(
        "kommunen", title="kort namn",
        description="Vad myndigheten kallar sig själv i löpande text, t.ex. ”kommunen”, ”regionen” eller ”Borås Stad”; "
                    "står det först i en mening skrivs första bokstaven stor (”Kommunen beställer …”). Kravtexter "
                    "hänvisar till det med {organisation.short_name}. " + NAME_RULE)
    board: Text = Field(
        title="nämnd", description="Den nämnd som fattar beslutet, som i sidhuvudet: t.ex. ”Social- och omsorgsnämnden”. "
        "En nämnds namn är en beteckning som skrivs med liten bokstav mitt i en mening, så där skriver tenderkit "
        "första bokstaven liten (”Förslag till social- och omsorgsnämndens beslut”, ”beslut i nämnden för Vård & "
        "Omsorg”) och först på en rad stor; övriga bokstäver står som du skrivit dem.")
    administration: Text = Field(
        title="förvaltning", description="Förvaltningen som bereder ärendet och skriver tjänsteskrivelsen.")


class Attachment(Model):
    id: Identifier = Field(title="id", description="Kort namn som prosa kan hänvisa till: {case.attachments.ID}.")
    title: Text = Field(title="titel", description="Handlingens titel så som den står i beslutsunderlaget.")
    date: Date | None = Field(None, title="datum", description="Handlingens datum, om den har ett.")


class Case(Model):
    title: Text = Field(title="rubrik", description="Tjänsteskrivelsens rubrik.")
    dnr: Text | None = Field(None, title="diarienummer", description="Ärendets diarienummer, t.ex. ”SON 2020-247”.")
    date: Date = Field(title="datum", description="Tjänsteskrivelsens datum, t.ex. 2024-09-19.")
    officers: tuple[Text, ...] = Field((), title="handläggare", description="Den eller de som skrivit tjänsteskrivelsen.")
    signed_by: Text | None = Field(
        None, title="undertecknare", description="Den som undertecknar för förvaltningen, t.ex. förvaltningschefen.")
    meeting: Date | None = Field(None, title="sammanträde", description="Datum för nämndens sammanträde där ärendet behandlas.")
    meeting_time: TimeOfDay | None = Field(
        None, title="tid för sammanträdet", description="När sammanträdet börjar, t.ex. ”13.15” (inom citattecken).")
    meeting_place: Text | None = Field(
        None, title="plats för sammanträdet", description="Var nämnden sammanträder, t.ex. ”Stadshuset, sal 2”; "
        "gemensam plats skrivs under defaults i tenderkit.yaml.")
    final: bool = Field(
        False, title="slutlig", description="true när handlingarna är klara för nämnden; till dess märks varje sida UTKAST.")
    attachments: tuple[Attachment, ...] = Field(
        (), title="beslutsunderlag",
        description="Handlingar som beslutet grundas på, utöver tjänsteskrivelsen själv (den listas alltid först).")
    recipients: tuple[Text, ...] = Field(
        (), title="beslutet skickas till", description="De som ska få del av beslutet.")


class TargetGroup(Model):
    label: Text = Field(title="benämning", description="Vilka insatsen riktar sig till, t.ex. ”barn och unga”.")
    age: Range | None = Field(None, title="ålder", description="Åldersspann i år, t.ex. {min: 4, max: 20}.")
    life_situations: tuple[Text, ...] = Field(
        (), title="livssituationer",
        description="Det som gör att någon tillhör målgruppen; läses efter life_situations_lead.")
    life_situations_lead: Text = Field(
        "som befinner sig i en svår livssituation utifrån", title="inledning till livssituationer",
        description="Orden före livssituationerna i ”Målgruppen är … <inledning> <livssituationer>”, t.ex. ”som har” "
                    "för en målgrupp som tillhör den genom ett behov.")


DAYS_PER_YEAR = 365  # a place held through the year is priced for 365 dygn


class Unit(StrEnum):
    """What a component's volume counts; its Swedish words are in `render.filters`.

    Hours, sessions and days are consumption: `per_year` is what is used in a year. Places and
    apartments are capacity: `per_year` is how many are held through the year, `max_volume` the
    most that may be held at once, and a price is per place (apartment) and dygn."""

    hours = "hours"
    sessions = "sessions"
    days = "days"
    places = "places"
    apartments = "apartments"

    @property
    def is_capacity(self) -> bool:
        return self in (Unit.places, Unit.apartments)


class UnitWords(Model):
    """A unit the bundled ones do not name, in its own Swedish words; counted as consumed, like
    hours: `per_year` is what is used in a year and a price is per unit."""

    singular: Text = Field(title="singular", description="Enheten i singular, t.ex. ”besök” (”1 besök”, ”kr per besök”).")
    plural: Text = Field(title="plural", description="Enheten i plural, t.ex. ”besök” (”40 besök”, kolumnen Enhet).")

    @property
    def is_capacity(self) -> bool:
        return False


class Component(Model):
    id: Identifier = Field(title="id", description="Kort namn för insatsen, stabilt mellan omgångar, t.ex. ”group”.")
    name: Text = Field(title="namn", description="Insatsens namn i dokumenten, t.ex. ”gruppverksamhet” eller ”vård- och "
                       "omsorgsboende Amalia”. " + NAME_RULE)
    unit: Annotated[Unit, Field(strict=False)] | UnitWords = Field(
        Unit.hours, title="enhet", description="Vad volymen räknas i: hours (timmar), sessions "
        "(tillfällen), days (dygn), places (platser, pris per plats och dygn), apartments (lägenheter, pris per "
        "lägenhet och dygn), eller en egen enhet med svensk singular och plural, t.ex. {singular: besök, plural: besök}.")
    per_year: Count = Field(title="volym per år", description="Föreslagen volym per år, i insatsens enhet.")
    max_volume: Count | None = Field(
        None, title="maxvolym", description="Högsta volym under det nya avtalets hela period, förlängningar inräknade.")
    unit_price: Count | None = Field(
        None, title="uppskattat pris per enhet",
        description="Uppskattat pris per enhet i kronor exklusive moms; används bara för att uppskatta avtalsvärdet "
                    "och skrivs aldrig ut i upphandlingsdokumenten.")


class Service(Model):
    name: Text = Field(title="namn", description="Tjänstens namn, t.ex. ”stödboende för unga vuxna”. " + NAME_RULE)
    short_name: Text | None = Field(
        None, title="kort namn", description="Namnet i löpande text och beslutsförslag, t.ex. ”stödboende”. " + NAME_RULE)
    target_group: TargetGroup = Field(title="målgrupp", description="Vilka tjänsten är till för.")
    participants: Range | None = Field(
        None, title="förväntat antal deltagare", description="Hur många som beräknas få del av insatsen, som spann.")
    aims: tuple[Text, ...] = Field((), title="mål", description="Vad insatsen ska uppnå; skrivs som att-satser utan ”att”.")
    components: tuple[Component, ...] = Field(
        min_length=1, title="insatser", description="Tjänstens delar med föreslagen volym per år.")


class ContractVolume(Model):
    component: Identifier = Field(title="insats", description="Id för den insats i service.components som volymen gäller.")
    per_year: Count | None = Field(None, title="volym per år", description="Volym per år enligt avtalet.")
    max_volume: Count | None = Field(None, title="maxvolym", description="Högsta volym under hela avtalsperioden.")


class Contract(Model):
    """A contract for the service or part of it, or the part the municipality runs itself (egen
    regi). It covers the components its volumes, `components` and `lots` name; naming none, the
    whole service."""

    id: Identifier = Field(title="id", description="Kort namn som prosa kan hänvisa till: {contracts.ID.end}.")
    supplier: Text | None = Field(None, title="leverantör", description="Leverantörens namn.")
    in_house: bool = Field(
        False, title="egen regi", description="true när kommunen själv driver verksamheten (egen regi); då finns "
        "ingen leverantör och inget slutdatum behövs.")
    subject: Text | None = Field(
        None, title="avser", description="Vad avtalet avser, om det inte är denna tjänst, t.ex. en annan insats.")
    components: tuple[Identifier, ...] = Field(
        (), title="insatser", description="Id för de insatser i service.components som avtalet omfattar, utöver dem "
        "som står under volymer.")
    lots: tuple[Identifier, ...] = Field(
        (), title="delområden", description="Id för de delområden i procurement.lots vars insatser avtalet omfattar.")
    start: PartialDate | None = Field(
        None, title="startdatum", description="Avtalets första dag; är bara året eller månaden känd skrivs 2007 "
        "eller 2007-03.")
    end: Date | None = Field(
        None, title="slutdatum", description="Avtalets sista dag med de förlängningar som gjorts; behövs inte för "
        "egen regi som fortsätter.")
    extensions_used: tuple[Extension, ...] = Field((), title="gjorda förlängningar", description="Förlängningar som har avropats.")
    volumes: tuple[ContractVolume, ...] = Field((), title="volymer", description="Avtalets volymer per insats.")


class ProcurementForm(StrEnum):
    lou = "lou"
    lou_reserved = "lou_reserved"
    lov = "lov"
    iop = "iop"
    in_house = "in_house"


class Assignment(Model):
    to: Text | None = Field(None, title="uppdragstagare", description="Vem som får uppdraget; utelämnas det är det förvaltningen.")
    deliverable: Text = Field(title="leverans", description="Vad som ska presenteras, t.ex. ”förfrågningsunderlag”.")
    meeting: Date | Month = Field(
        title="sammanträde", description="När det ska presenteras: ett datum eller en månad, t.ex. 2025-03.")


class Proposal(Model):
    form: ProcurementForm = Field(
        strict=False, title="upphandlingsform",
        description="lou (upphandling i konkurrens), lou_reserved (reserverad för idéburna), lov (valfrihetssystem), "
                    "iop (idéburet offentligt partnerskap) eller in_house (egen regi).")
    assignment: Assignment | None = Field(
        None, title="uppdrag", description="Uppdrag till förvaltningen att presentera nästa steg för nämnden.")
    provide: bool = Field(
        False, title="erbjudande",
        description="true om nämnden också ska besluta att tjänsten ska finnas tillgänglig och erbjudas målgruppen.")
    financing: Paragraph | None = Field(
        None, title="finansiering", description="Hur en utökning finansieras; får hänvisa till uppgifter med {…}.")
    decisions: tuple[Paragraph, ...] = Field(
        (), title="övriga beslutspunkter", description="Beslutspunkter utöver upphandlingsform och uppdrag.")


class MblNegotiated(Model):
    status: Literal["negotiated"] = Field(title="status", description="Förhandling har genomförts.")
    section: Literal[11, 38] | tuple[Literal[11, 38], ...] = Field(
        title="paragraf", description="MBL-paragraf: 11 eller 38, eller båda som [11, 38] när en förhandling gällde "
                                      "både en viktigare förändring av verksamheten och att anlita en entreprenör.")
    date: Date = Field(title="datum", description="Dagen då förhandlingen genomfördes.")

    @property
    def sections(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.section))) if isinstance(self.section, tuple) else (self.section,)


class MblInformed(Model):
    status: Literal["informed"] = Field(title="status", description="Information har lämnats.")
    section: Literal[19] = Field(19, title="paragraf", description="MBL-paragraf för information: 19.")
    date: Date = Field(title="datum", description="Dagen då informationen lämnades.")


class MblNotRequired(Model):
    status: Literal["not_required"] = Field(title="status", description="Information eller förhandling är inte påkallad.")


Mbl = Annotated[MblNegotiated | MblInformed | MblNotRequired, Field(discriminator="status")]


class MunicipalGoals(Model):
    text: Text = Field(title="länktext", description="Texten för länken, t.ex. ”Kommunfullmäktiges övergripande mål”.")
    url: Url = Field(title="adress", description="Länkens adress.")


class Prose(Model):
    summary: tuple[Paragraph, ...] = Field((), title="sammanfattning", description="Stycken under Sammanfattning.")
    matter: tuple[Paragraph, ...] = Field((), title="ärende", description="Stycken under Ärende.")
    background: tuple[Paragraph, ...] = Field((), title="bakgrund", description="Stycken under Bakgrund.")
    economics: tuple[Paragraph, ...] = Field(
        (), title="ekonomiska konsekvenser", description="Stycken under Ekonomiska konsekvenser, efter tabellen.")
    child_perspective: tuple[Paragraph, ...] = Field(
        (), title="barnperspektiv", description="Stycken under Barnperspektiv (barnkonventionen).")


class Settings(Model):
    hours_per_fte: Annotated[int, Field(ge=1)] = Field(
        1300, title="timmar per årsarbetare",
        description="Timmar med brukare per årsarbetare; standardvärdet 1300 ger ”2 600 timmar motsvarande två årsarbetare”.")


SpecId = Annotated[str, Field(pattern=SPEC_ID, examples=["boendestod-2025"]), AfterValidator(portable_name)]


class Spec(Model):
    """One procurement round of one service."""

    id: SpecId | None = Field(
        None, title="id", description="Specens namn i output/; utelämnas det används filnamnet.")
    organisation: Organisation = Field(title="organisation", description="Kommun, nämnd och förvaltning.")
    case: Case = Field(title="ärende", description="Tjänsteskrivelsens uppgifter.")
    service: Service = Field(title="tjänst", description="Tjänsten som ska köpas.")
    contracts: tuple[Contract, ...] = Field((), title="avtal", description="Nuvarande och tidigare avtal.")
    proposal: Proposal = Field(title="förslag", description="Förslaget till nämnden.")
    mbl: Mbl = Field(title="MBL", description="Information eller förhandling enligt lag (1976:580) om medbestämmande i arbetslivet.")
    municipal_goals: MunicipalGoals | None = Field(None, title="kommunala mål", description="Länk till kommunens mål.")
    procurement: Procurement | None = Field(
        None, title="upphandling", description="Upphandlingens villkor; med den byggs även förfrågningsunderlaget.")
    prose: Prose = Field(Prose(), title="text", description="Löptext per avsnitt; varje punkt är ett stycke.")
    settings: Settings = Field(Settings(), title="inställningar", description="Inställningar för beräkningar.")
