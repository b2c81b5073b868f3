import type { Kysely } from "kysely";

import type { ConsentKind, Database } from "../types";

/**
 * The consent texts guardians agree to, by kind and version. To change a text, add a new version
 * here (never edit a published one): boot() publishes it, and guardians who agreed to an older
 * version keep a record of exactly what they agreed to.
 */
export const CONSENT_TEXTS: { kind: ConsentKind; version: number; kk: string; ru: string; en: string }[] = [
  {
    kind: "data",
    version: 1,
    ru:
      "Я, родитель (законный представитель), даю Национальной федерации клубов ЮНЕСКО Казахстана (оператор) согласие " +
      "на сбор и обработку персональных данных моего ребёнка в соответствии с Законом Республики Казахстан «О персональных " +
      "данных и их защите»: фамилия, имя, отчество, дата рождения, город, клуб, заявки и присланные работы или видео, оценки " +
      "жюри и награды. Данные нужны для проведения мероприятий федерации: проверки возраста, составления программы, " +
      "оценивания и выдачи дипломов. Их видят организаторы мероприятий, в которых участвует ребёнок, и члены жюри (на " +
      "заочных этапах без имени и клуба). На открытых страницах публикуются только имя в выбранной мной форме, клуб, город, " +
      "номинация, возрастная категория, награда и время выступления; дата рождения и мои контакты не публикуются никогда. " +
      "Данные хранятся, пока у меня есть учётная запись, и не дольше 3 лет после последнего мероприятия ребёнка; опубликованные " +
      "итоги сохраняются в обезличенном виде. Я могу отозвать согласие, скачать все данные или удалить ребёнка в личном кабинете.",
    kk:
      "Мен, ата-ана (заңды өкіл), Қазақстан ЮНЕСКО клубтарының Ұлттық федерациясына (оператор) Қазақстан Республикасының " +
      "«Дербес деректер және оларды қорғау туралы» Заңына сәйкес баламның дербес деректерін жинауға және өңдеуге келісім " +
      "беремін: тегі, аты, әкесінің аты, туған күні, қаласы, клубы, өтінімдері және жіберілген жұмыстары немесе бейнелері, " +
      "қазылар алқасының бағалары мен марапаттары. Деректер федерацияның іс-шараларын өткізу үшін қажет: жасын тексеру, " +
      "бағдарлама құру, бағалау және диплом беру. Оларды бала қатысатын іс-шаралардың ұйымдастырушылары және қазылар алқасының " +
      "мүшелері көреді (сырттай кезеңдерде аты мен клубы көрсетілмейді). Жария беттерде тек мен таңдаған түрдегі аты, клубы, " +
      "қаласы, номинациясы, жас санаты, марапаты және өнер көрсету уақыты жарияланады; туған күні мен менің байланыс " +
      "деректерім ешқашан жарияланбайды. Деректер менің тіркелгім болғанша және баланың соңғы іс-шарасынан кейін 3 жылдан " +
      "аспай сақталады; жарияланған қорытындылар иесіздендірілген түрде сақталады. Мен келісімді кері қайтарып алуға, барлық " +
      "деректерді жүктеп алуға немесе баланы жеке кабинетте жоюға құқылымын.",
    en:
      "I, the parent or legal guardian, consent to the Kazakhstan National Federation of UNESCO Clubs (the operator) " +
      "collecting and processing my child's personal data under the Law of the Republic of Kazakhstan \"On Personal Data " +
      'and Their Protection": surname, first name, patronymic, date of birth, city, club, entries and submitted works or ' +
      "videos, jury scores and awards. The data is needed to run the federation's events: checking age, building the " +
      "programme, judging and issuing diplomas. It is seen by the organisers of the events my child enters and by jury " +
      "members (without name and club in remote rounds). Public pages show only the name in the form I choose, club, city, " +
      "nomination, age group, award and performance time; the date of birth and my contact details are never published. " +
      "The data is kept while I have an account and no longer than 3 years after my child's last event; published results " +
      "are kept in anonymised form. I can withdraw consent, download all the data or delete my child in my account.",
  },
  {
    kind: "photo_video",
    version: 1,
    ru:
      "Я разрешаю Национальной федерации клубов ЮНЕСКО Казахстана публиковать фотографии и видео моего ребёнка, снятые на " +
      "мероприятиях федерации или присланные с заявкой, на сайте и в официальных аккаунтах федерации, с указанием имени в " +
      "выбранной мной форме. Это согласие необязательно: без него ребёнок участвует на равных. Я могу отозвать его в любой " +
      "момент; после отзыва новые материалы не публикуются, а опубликованные удаляются по моей просьбе.",
    kk:
      "Мен Қазақстан ЮНЕСКО клубтарының Ұлттық федерациясына баламның федерация іс-шараларында түсірілген немесе өтініммен " +
      "жіберілген фотосуреттері мен бейнелерін федерацияның сайтында және ресми парақшаларында мен таңдаған түрдегі атымен " +
      "жариялауға рұқсат беремін. Бұл келісім міндетті емес: онсыз да бала тең дәрежеде қатысады. Мен оны кез келген уақытта " +
      "кері қайтарып ала аламын; одан кейін жаңа материалдар жарияланбайды, ал жарияланғандары менің сұрауым бойынша жойылады.",
    en:
      "I allow the Kazakhstan National Federation of UNESCO Clubs to publish photos and videos of my child taken at the " +
      "federation's events or submitted with an entry, on the federation's website and official accounts, with the name in " +
      "the form I choose. This consent is optional: without it my child takes part on equal terms. I can withdraw it at any " +
      "time; after that no new material is published, and published material is removed at my request.",
  },
];

/** Publishes any text version not in the database yet (idempotent; safe with several instances). */
export async function ensureConsentTexts(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto("consent_texts")
    .values(
      CONSENT_TEXTS.map((t) => ({ kind: t.kind, version: t.version, text_kk: t.kk, text_ru: t.ru, text_en: t.en })),
    )
    .onConflict((oc) => oc.columns(["kind", "version"]).doNothing())
    .execute();
}
