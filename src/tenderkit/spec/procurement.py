"""The procurement part of a spec: what the förfrågningsunderlag is made of.

Requirement texts live in requirement libraries (see `spec.library`); the spec lists them by id,
in the order the documents show them, and may override a library text or add its own.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from ..i18n import _
from .types import NAME_RULE, Date, Extension, Identifier, Model, Month, Paragraph, Text, TimeOfDay, Url, xml_safe

RequirementId = Annotated[str, Field(pattern=r"^[A-ZÅÄÖ][A-ZÅÄÖ0-9]*(-[A-ZÅÄÖ0-9]+)*$", examples=["KVAL-UTESL"])]
Percent = Annotated[int, Field(ge=1, le=100)]
OrganisationNumber = Annotated[str, Field(pattern=r"^\d{6}-\d{4}$")]
# A CPV code (Common Procurement Vocabulary, Commission Regulation (EC) No 213/2008) without its check digit, as
# eForms writes it; which codes a notice may use is checked against the eForms SDK's code lists (tenderkit.notice).
Cpv = Annotated[str, Field(pattern=r"^\d{8}$", examples=["85311000"])]
CPV_DESCRIPTION = ("CPV-koder (åtta siffror, utan kontrollsiffra), huvudkoden först, t.ex. 85311000 (social omsorg "
                   "med inkvartering); annonsen (tenderkit notice) behöver dem.")


class Contact(Model):
    name: Text = Field(title="namn", description="Kontaktperson för upphandlingen.")
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), AfterValidator(xml_safe)] = Field(
        title="e-post", description="E-postadress för frågor om upphandlingen.")
    phone: Text | None = Field(None, title="telefon", description="Telefonnummer.")


class Address(Model):
    street: Text = Field(title="gatuadress", description="Gatuadress eller box, t.ex. ”Stadshuset, Storgatan 1”.")
    postal_code: Annotated[str, Field(pattern=r"^\d{3} ?\d{2}$")] = Field(
        title="postnummer", description="Postnummer, t.ex. ”123 45”.")
    city: Text = Field(title="ort", description="Postort.")
    nuts: Annotated[str, Field(pattern=r"^SE\d{3}$")] = Field(
        title="NUTS-kod", description="Länets NUTS 3-kod (Eurostat), t.ex. SE110 för Stockholms län; annonsen anger "
                                      "den för myndigheten och platsen för utförandet.")


class ReviewBody(Model):
    """Where a supplier asks for review: the förvaltningsrätt in whose district the authority has its seat
    (20 kap. 5 § LOU)."""

    name: Text = Field(title="namn", description="Förvaltningsrätten, t.ex. ”Förvaltningsrätten i Stockholm”; "
                                                 "tilldelningsbeslutet anger den.")
    organisation_number: OrganisationNumber | None = Field(
        None, title="organisationsnummer", description="Förvaltningsrättens organisationsnummer; annonsen behöver det.")
    address: Address | None = Field(None, title="adress", description="Förvaltningsrättens postadress; annonsen behöver "
                                                                      "den.")


class Authority(Model):
    name: Text | None = Field(None, title="namn", description="Upphandlande myndighet; utelämnas det är det kommunen.")
    organisation_number: OrganisationNumber = Field(
        title="organisationsnummer", description="Myndighetens organisationsnummer, t.ex. 212000-0449.")
    contact: Contact = Field(title="kontakt", description="Kontaktperson under upphandlingen.")
    address: Address | None = Field(None, title="adress", description="Myndighetens postadress; annonsen behöver den.")
    website: Url | None = Field(None, title="webbplats", description="Myndighetens webbplats.")
    review_body: ReviewBody | None = Field(
        None, title="överprövning",
        description="Förvaltningsrätten där myndigheten har sin hemvist, som prövar en ansökan om överprövning "
                    "(20 kap. 5 § LOU); annonsen anger den.")


class ThresholdCategory(StrEnum):
    """Which threshold the contract value is measured against (LOU 5 kap.)."""

    social_services = "social_services"
    services = "services"
    works = "works"


class ProcedureType(StrEnum):
    """The kind of procedure, as a notice states it (eForms BT-105): the directive's procedures
    (LOU 6 kap.), or for social services a procedure the authority has designed (19 kap.)."""

    open = "open"  # öppet förfarande
    restricted = "restricted"  # selektivt förfarande
    negotiated = "negotiated"  # förhandlat förfarande med föregående annonsering
    competitive_dialogue = "competitive_dialogue"  # konkurrenspräglad dialog
    innovation_partnership = "innovation_partnership"  # innovationspartnerskap
    single_stage = "single_stage"  # eget förfarande i ett steg (19 kap.)
    multi_stage = "multi_stage"  # eget förfarande i flera steg (19 kap.)


OWN_DESIGN = frozenset({ProcedureType.single_stage, ProcedureType.multi_stage})  # 19 kap. LOU: social services only
ONE_STAGE = frozenset({ProcedureType.open, ProcedureType.single_stage})  # the procedures a timetable can announce


class Timetable(Model):
    publication: Date = Field(title="annonsering", description="Dagen då upphandlingen annonseras (annonsens datum).")
    questions_deadline: Date = Field(title="sista dag för frågor", description="Sista dag att ställa frågor.")
    answers_deadline: Date | None = Field(
        None, title="sista dag för svar",
        description="Dagen då myndigheten senast har besvarat frågorna; mellan sista dag för frågor och sista anbudsdag.")
    tender_deadline: Date = Field(title="sista anbudsdag", description="Sista dag att lämna anbud.")
    tender_deadline_time: TimeOfDay | None = Field(
        None, title="klockslag för sista anbudsdag",
        description="Klockslaget då anbud senast ska ha kommit in sista anbudsdagen, t.ex. ”23.59” (inom citattecken).")
    tender_validity: Date = Field(
        title="anbudens giltighetstid", description="Anbuden ska vara bindande till och med denna dag.")
    award: Date = Field(title="tilldelningsbeslut", description="Planerad dag för tilldelningsbeslut.")
    contract_signing: Date = Field(
        title="avtalstecknande", description="Tidigaste dag för avtalstecknande, efter avtalsspärren.")


class ContractTerm(Model):
    start: Date = Field(title="avtalsstart", description="Avtalets första dag.")
    initial_months: Annotated[int, Field(ge=1, le=1200)] | None = Field(
        title="avtalstid i månader", description="Avtalstiden utan förlängningar; null för ett avtal som gäller tills vidare.")
    extensions: tuple[Extension, ...] = Field(
        (), title="förlängningsoptioner", description="Möjliga förlängningar, var och en i månader.")
    total_unknown: bool = Field(
        False, title="totalvärdet kan inte uppskattas",
        description="true om avtalets totala värde inte går att uppskatta i förväg; då räknas ett avtal längre än "
                    "48 månader som månadsvärdet gånger 48 (5 kap. 13 § LOU). Annars räknas hela avtalstiden med "
                    "förlängningar (5 kap. 3 § LOU).")
    framework_agreement: bool = Field(
        False, title="ramavtal",
        description="true om avtalet är ett ramavtal, som myndigheten avropar från efter behov med en leverantör per "
                    "delområde; förfrågningsunderlaget säger det, och annonsen anger ramavtalet och dess högsta värde.")


class Lot(Model):
    id: Identifier = Field(title="id", description="Kort namn för delområdet.")
    name: Text = Field(title="namn", description="Delområdets namn, t.ex. ”boende”. " + NAME_RULE)
    components: tuple[Identifier, ...] = Field(
        min_length=1, title="insatser", description="Id för de insatser i service.components som ingår i delområdet.")
    start: Date | None = Field(
        None, title="avtalsstart",
        description="Delområdets avtal börjar denna dag i stället för procurement.contract.start, med samma avtalstid "
                    "och förlängningar; t.ex. dagen efter att delområdets nuvarande avtal slutar.")
    cpv: tuple[Cpv, ...] = Field((), title="CPV-koder", description="Delområdets " + CPV_DESCRIPTION)


class RequirementKind(StrEnum):
    qualification = "qualification"
    service = "service"
    contract = "contract"


class AnnexForm(StrEnum):
    """The annex form a tenderer answers a requirement with (a document kind of the tender package)."""

    anbudsformular = "anbudsformular"
    sanningsforsakran = "sanningsforsakran"
    referensformular = "referensformular"
    ansokningsformular = "ansokningsformular"  # a valfrihetssystem's one form (LOV)


ATTACHMENT_DESCRIPTION = ("Bilagan anbudsgivaren besvarar kravet i: anbudsformular (anbudsformulär), sanningsforsakran "
                          "(sanningsförsäkran) eller referensformular (referensformulär); i ett valfrihetssystem "
                          "ansokningsformular (ansökningsformulär).")


class RequirementEntry(Model):
    """A requirement written in the spec: an override of a library requirement (only the fields
    given change) or, with a new id, an addition (kind, title and text needed)."""

    id: RequirementId = Field(title="id", description="Kravets id; stabilt så att anbud och avtal kan hänvisa till det.")
    kind: RequirementKind | None = Field(
        None, strict=False, title="slag", description="qualification (kvalificering), service (kravspecifikation) "
                                                      "eller contract (avtalsvillkor).")
    title: Text | None = Field(None, title="rubrik", description="Kravets rubrik.")
    text: Paragraph | None = Field(None, title="text", description="Kravets text; får hänvisa till uppgifter med {…}.")
    items: tuple[Paragraph, ...] | None = Field(None, title="punkter", description="Numrerade punkter under texten.")
    mandatory: bool | None = Field(None, title="ska-krav", description="true för ska-krav, false för bör-krav.")
    verification: Paragraph | None = Field(None, title="verifiering", description="Hur anbudsgivaren visar att kravet uppfylls.")
    law: Text | None = Field(None, title="lagrum", description="Lagrum som kravet bygger på.")
    lots: tuple[Identifier, ...] | None = Field(
        None, title="delområden", description="Delområden kravet gäller; utelämnas det gäller kravet alla.")
    attachment: AnnexForm | None = Field(None, strict=False, title="bilaga", description=ATTACHMENT_DESCRIPTION)


class AwardBasis(StrEnum):
    lowest_price = "lowest_price"
    lowest_cost = "lowest_cost"
    best_price_quality = "best_price_quality"


class EvaluationModel(StrEnum):
    weights = "weights"
    price_deductions = "price_deductions"

    @property
    def level_key(self) -> str:
        """The field in which a criterion's level states its worth under this model."""
        return "score" if self is EvaluationModel.weights else "deduction"


class TieBreak(StrEnum):
    """How tenders equal on the evaluation's measure are ordered; the förfrågningsunderlag states it
    so the order never rests on a choice made after the tenders are opened."""

    quality_then_lottery = "quality_then_lottery"
    price_then_lottery = "price_then_lottery"
    lottery = "lottery"


class Level(Model):
    """One step of a criterion's scale: what earns it, and what it is worth in the evaluation model."""

    deduction: Annotated[int, Field(ge=0, le=100)] | None = Field(
        None, title="prisavdrag", description="Avdrag i procent av anbudspriset för nivån (modellen price_deductions).")
    score: Annotated[int, Field(ge=0, le=1000)] | None = Field(
        None, title="poäng", description="Poäng för nivån (modellen weights); högsta nivån ger kriteriets hela vikt.")
    earned_by: Paragraph = Field(title="bedömning", description="Vad anbudet ska visa för att nå nivån.")

    def worth(self, model: EvaluationModel) -> int | None:
        """The level's worth under `model`; None when it is not written for that model."""
        return getattr(self, model.level_key)


class Criterion(Model):
    id: Identifier = Field(title="id", description="Kort namn för kriteriet.")
    name: Text = Field(title="namn", description="Kriteriets namn.")
    weight: Percent | None = Field(
        None, title="vikt", description="Vikt i procent (modellen weights); den högsta nivåns poäng ger hela vikten.")
    requirement: RequirementId | None = Field(None, title="krav", description="Id för det bör-krav som kriteriet bedömer.")
    description: Paragraph = Field(title="beskrivning", description="Vad kriteriet bedömer och hur.")
    levels: tuple[Level, ...] = Field(
        min_length=2, title="nivåer",
        description="Bedömningsnivåer från lägsta (0) till högsta, var och en med vad som krävs för att nå den.")


class Evaluation(Model):
    basis: AwardBasis = Field(
        strict=False, title="tilldelningsgrund",
        description="lowest_price (lägsta pris), lowest_cost (lägsta kostnad) eller best_price_quality (bästa förhållandet "
                    "mellan pris och kvalitet).")
    model: EvaluationModel | None = Field(
        None, strict=False, title="utvärderingsmodell",
        description="weights (viktade kriterier) eller price_deductions (prisavdrag, ”mervärdesavdrag”).")
    price_weight: Percent | None = Field(None, title="prisets vikt", description="Prisets vikt i procent (modellen weights).")
    criteria: tuple[Criterion, ...] = Field((), title="kriterier", description="Kvalitetskriterier.")
    method: Paragraph | None = Field(
        None, title="poängsättning",
        description="Hur kvalitet och pris blir poäng och vägs samman (krävs för modellen weights).")
    group: tuple[Text, ...] = Field(
        (), title="utvärderingsgrupp",
        description="De som prövar och utvärderar anbuden, namn och roll, t.ex. ”Ulla Upphandlare, upphandlare”; "
                    "utvärderingsrapporten namnger dem.")
    tie_break: TieBreak = Field(
        TieBreak.quality_then_lottery, strict=False, title="vid lika resultat",
        description="Hur anbud med samma jämförelsepris eller poäng rangordnas: quality_then_lottery (högst "
                    "kvalitet först, sedan lottning), price_then_lottery (lägst anbudspris först, sedan lottning) "
                    "eller lottery (lottning).")

    @property
    def tie_rule(self) -> TieBreak:
        """The tie rule that can apply: under a price-only basis tenders are equal on their price and
        have no quality to compare, so only lottning is left, whatever `tie_break` says."""
        return self.tie_break if self.basis is AwardBasis.best_price_quality else TieBreak.lottery


class DecisionMaker(StrEnum):
    board = "board"
    delegate = "delegate"


class Award(Model):
    """Who decides the award and signs the tilldelningsbeslut: the board, on a memo, or a delegate
    under the board's delegationsordning."""

    decided_by: DecisionMaker = Field(
        DecisionMaker.board, strict=False, title="beslutsfattare",
        description="board (nämnden beslutar, på en tjänsteskrivelse) eller delegate (en delegat enligt "
                    "nämndens delegationsordning).")
    delegate: Text | None = Field(
        None, title="delegat",
        description="Namn och befattning på den som beslutar på delegation, t.ex. ”Per Förvaltningschef, "
                    "förvaltningschef”; krävs med decided_by: delegate.")
    delegation: Text | None = Field(
        None, title="delegationspunkt", description="Var delegationen står, t.ex. ”delegationsordningen punkt 9.3”.")

    @model_validator(mode="after")
    def _delegate_named(self) -> Award:
        if (self.decided_by is DecisionMaker.delegate) != (self.delegate is not None):
            raise PydanticCustomError(
                "delegate_named", _("a decision by a delegate names the delegate (delegat), and only such a "
                                    "decision does: set `decided_by: delegate` together with `delegate:`"), {})
        return self


class PriceAdjustment(Model):
    index: Text = Field(title="index", description="Index för prisjustering, t.ex. ”Omsorgsprisindex (OPI)”.")
    first: Date = Field(title="första justering", description="Första dag då priserna får justeras.")
    interval_months: Annotated[int, Field(ge=1)] = Field(12, title="intervall", description="Månader mellan justeringar.")
    base_month: Month | None = Field(
        None, title="basmånad",
        description="Månaden vars indexvärde den första justeringen räknas från, t.ex. 2025-09; senare justeringar "
                    "räknas från värdet vid föregående justering.")


class PersonalData(Model):
    """What a PUB-avtal must state about the processing (GDPR art. 28.3): its subject-matter and
    duration, nature and purpose, the type of personal data and the categories of data subjects."""

    categories: tuple[Text, ...] = Field(
        min_length=1, title="kategorier av personuppgifter",
        description="Vilka slags personuppgifter som behandlas, t.ex. ”namn och personnummer”, ”genomförandeplan”.")
    data_subjects: tuple[Text, ...] = Field(
        min_length=1, title="kategorier av registrerade",
        description="Vems personuppgifter som behandlas, t.ex. ”brukare”, ”närstående”.")
    special_categories: tuple[Text, ...] = Field(
        title="känsliga personuppgifter",
        description="Särskilda kategorier av personuppgifter (art. 9) som behandlas, t.ex. ”uppgifter om hälsa”; "
                    "[] om inga behandlas.")
    purpose: Paragraph = Field(
        title="ändamål och art", description="Varför och hur uppgifterna behandlas inom uppdraget.")
    duration: Text | None = Field(
        None, title="varaktighet",
        description="Hur länge behandlingen pågår; utelämnas det gäller avtalstiden.")


class Terms(Model):
    fixed_prices: bool = Field(
        False, title="fasta priser",
        description="true om priserna är fasta under hela avtalsperioden; avtalet säger det bara då. "
                    "Kan inte kombineras med prisjustering.")
    price_adjustment: PriceAdjustment | None = Field(None, title="prisjustering", description="Hur priserna justeras.")
    invoicing: Paragraph = Field(title="fakturering", description="Hur och när leverantören fakturerar.")
    payment_days: Annotated[int, Field(ge=1)] = Field(30, title="betalningsvillkor", description="Dagar till betalning.")
    sanctions: tuple[Paragraph, ...] = Field(
        min_length=1, title="sanktioner", description="Sanktioner vid avtalsbrott, från rättelse till hävning.")
    personal_data: PersonalData | None = Field(
        None, title="personuppgifter",
        description="Personuppgifter som leverantören behandlar för myndighetens räkning; med dem ingår ett "
                    "personuppgiftsbiträdesavtal (PUB-avtal, dataskyddsförordningen art. 28).")
    insurance: Paragraph | None = Field(None, title="försäkring", description="Försäkringar leverantören ska ha.")
    notice_months: Annotated[int, Field(ge=1, le=60)] | None = Field(
        None, title="uppsägningstid", description="Uppsägningstid i månader; krävs för ett avtal som gäller tills vidare.")

    @model_validator(mode="after")
    def _prices_fixed_or_adjusted(self) -> Terms:
        if self.fixed_prices and self.price_adjustment:
            raise PydanticCustomError(
                "fixed_and_adjusted", _("prices cannot be both fixed (fasta priser) and adjusted (prisjustering): "
                                        "remove fixed_prices, or price_adjustment"), {})
        return self


class PriceNote(Model):
    """A note of the price form that applies to some lots only."""

    text: Paragraph = Field(title="text", description="Anvisningen.")
    lots: tuple[Identifier, ...] = Field(
        min_length=1, title="delområden", description="Id för de delområden i procurement.lots som anvisningen gäller.")


class PriceForm(Model):
    notes: tuple[Paragraph | PriceNote, ...] = Field(
        (), title="anvisningar",
        description="Anvisningar till prisbilagan: en text gäller alla delområden, {text, lots} bara de delområden "
                    "som anges.")


class Rate(Model):
    component: Identifier = Field(title="insats", description="Id för den insats i service.components som ersättningen gäller.")
    amount: Annotated[int, Field(ge=1)] = Field(
        title="ersättning", description="Ersättning i kronor per enhet av insatsen, samma för alla utförare (utan "
                                        "momskompensation).")


class Reimbursement(Model):
    """What the authority pays every approved provider: set by the authority, never competed for."""

    rates: tuple[Rate, ...] = Field(min_length=1, title="belopp", description="Ersättning per insats och enhet.")
    vat_compensation: Annotated[int, Field(ge=1, le=25)] | None = Field(
        None, title="momskompensation",
        description="Procent som läggs till ersättningen för privata utförare, som inte kan dra av ingående moms i "
                    "momsfri omsorg (kommunen får motsvarande ersättning enligt lagen (2005:807)); utelämnas det får "
                    "alla utförare samma belopp.")
    decided: Text | None = Field(None, title="beslut", description="Beslutet som fastställer ersättningen, t.ex. "
                                 "”Socialnämnden 2026-04-22 § 41”.")
    adjustment: Paragraph | None = Field(None, title="ändring", description="Hur och när ersättningen räknas om.")


class CapScope(StrEnum):
    user = "user"
    family = "family"


class CapPeriod(StrEnum):
    month = "month"
    year = "year"


class FeeCap(Model):
    amount: Annotated[int, Field(ge=1)] = Field(title="högsta avgift", description="Högsta avgift i kronor under perioden.")
    per: CapScope = Field(strict=False, title="per", description="user (per brukare) eller family (per familj).")
    period: CapPeriod = Field(strict=False, title="period", description="month (per månad) eller year (per år).")


class FeeRate(Model):
    component: Identifier = Field(title="insats", description="Id för den insats i service.components som avgiften gäller.")
    amount: Annotated[int, Field(ge=0)] = Field(title="avgift", description="Avgift i kronor per enhet; 0 för avgiftsfri.")


class Fee(Model):
    """What the user pays: the authority's own taxa, the same whichever provider the user chooses."""

    rates: tuple[FeeRate, ...] = Field(min_length=1, title="avgifter", description="Avgift per insats och enhet.")
    caps: tuple[FeeCap, ...] = Field((), title="tak", description="Högsta avgift per brukare eller familj och period.")
    collection: Paragraph | None = Field(None, title="uttag", description="Vem som tar ut avgiften och hur.")


class Lov(Model):
    """A valfrihetssystem (lag (2008:962) om valfrihetssystem): the authority sets the ersättning,
    every provider that meets the requirements is approved, and users choose among them."""

    opens: Date = Field(title="öppnar", description="Dagen då valfrihetssystemet öppnar för ansökningar och annonseras "
                                                   "på den nationella webbplatsen för valfrihetssystem.")
    application: Paragraph = Field(title="ansökan", description="Hur en leverantör ansöker, t.ex. i vilket system.")
    handling_days: Annotated[int, Field(ge=1, le=365)] = Field(
        title="handläggningstid", description="Dagar inom vilka myndigheten normalt beslutar om en fullständig ansökan.")
    start_months: Annotated[int, Field(ge=1, le=24)] | None = Field(
        None, title="tid till start", description="Månader inom vilka en godkänd utförare ska kunna ta emot uppdrag.")
    no_choice: Paragraph | None = Field(
        None, title="ickevalsalternativ", description="Vem som utför insatsen åt den som inte väljer.")
    reimbursement: Reimbursement = Field(title="ersättning", description="Ersättningen till utförarna.")
    fee: Fee | None = Field(None, title="avgift", description="Avgiften brukaren betalar; utelämnas den är insatsen "
                                                              "avgiftsfri.")


LOU_ONLY = ("procedure", "procedure_type", "gpa", "submission", "timetable", "contract", "lots", "evaluation", "category", "price_form")


class Procurement(Model):
    authority: Authority = Field(title="upphandlande myndighet", description="Vem som upphandlar.")
    reference: Text | None = Field(None, title="referens", description="Upphandlingens referensnummer; utelämnas det gäller diarienumret.")
    cpv: tuple[Cpv, ...] = Field((), title="CPV-koder", description="Upphandlingens " + CPV_DESCRIPTION)
    documents_url: Url | None = Field(
        None, title="upphandlingsdokumentens adress",
        description="Där upphandlingsdokumenten kan hämtas fritt och direkt; annonsen anger adressen.")
    category: ThresholdCategory = Field(
        ThresholdCategory.social_services, strict=False, title="kategori",
        description="Tröskelvärdet som gäller: social_services (LOU bilaga 2), services eller works.")
    # procedure, timetable, contract and evaluation are needed for a procurement under LOU and have
    # no place in a valfrihetssystem; rules.py says which, where.
    procedure: Paragraph | None = Field(
        None, title="förfarande", description="Förfarandet med myndighetens egna ord (sociala tjänster: 19 kap. LOU).")
    procedure_type: ProcedureType | None = Field(
        None, strict=False, title="förfarandetyp",
        description="Förfarandets typ som annonsen anger: open, restricted, negotiated, competitive_dialogue, "
                    "innovation_partnership, eller för sociala tjänster single_stage (utelämnas det) eller multi_stage.")
    gpa: bool | None = Field(
        None, title="GPA",
        description="Om upphandlingen omfattas av WTO:s avtal om offentlig upphandling (GPA); annonsen för andra "
                    "tjänster och byggentreprenader anger det.")
    submission: Paragraph | None = Field(
        None, title="anbudsinlämning", description="Hur anbud lämnas, t.ex. i vilket upphandlingssystem.")
    timetable: Timetable | None = Field(None, title="tidplan", description="Upphandlingens tidplan.")
    contract: ContractTerm | None = Field(None, title="avtalsperiod", description="Avtalets start, längd och förlängningar.")
    lots: tuple[Lot, ...] = Field((), title="delområden", description="Delområden; utelämnas de är hela uppdraget ett.")
    requirements: tuple[RequirementId | RequirementEntry, ...] = Field(
        (), title="krav", description="Krav i dokumentets ordning: id ur ett kravbibliotek, eller krav skrivna här.")
    evaluation: Evaluation | None = Field(None, title="utvärdering", description="Hur anbuden utvärderas.")
    award: Award = Field(
        Award(), title="tilldelning",
        description="Vem som fattar tilldelningsbeslutet; utelämnas det beslutar nämnden.")
    terms: Terms = Field(title="avtalsvillkor", description="Kommersiella villkor.")
    price_form: PriceForm = Field(PriceForm(), title="prisbilaga", description="Anvisningar till prisbilagan.")
    lov: Lov | None = Field(
        None, title="valfrihetssystem",
        description="Valfrihetssystemets villkor (proposal.form: lov): ersättning, avgift och ansökan; i stället för "
                    "förfarande, tidplan, avtalsperiod och utvärdering.")

    @property
    def is_lou(self) -> bool:
        """A procurement under LOU with every part LOU needs (rules.py reports what is missing)."""
        return self.lov is None and None not in (self.procedure, self.timetable, self.contract, self.evaluation)
