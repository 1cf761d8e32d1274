import Errdefs
import Foundation

/// Container names: Docker's validation rule and its `namesgenerator` (`adjective_surname`).
enum ContainerNames {
    /// Checks a user-given name (`^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$`) and returns it with its leading slash.
    static func validated(_ name: String) throws -> String {
        let bare = name.hasPrefix("/") ? name.dropFirst() : Substring(name)
        guard bare.count >= 2, let first = bare.unicodeScalars.first, isAlphanumeric(first),
              bare.unicodeScalars.dropFirst().allSatisfy({ isAlphanumeric($0) || "_.-".unicodeScalars.contains($0) })
        else {
            throw DaemonError.invalidParameter("Invalid container name (\(name)), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
        }
        return "/" + bare
    }

    private static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }

    /// A random `adjective_surname` that `isTaken` does not reject, with a digit appended after a few clashes
    /// (as Docker's `GetRandomName(retry)`).
    static func generate(isTaken: (String) -> Bool) -> String {
        for attempt in 0..<1000 {
            var name = "\(adjectives.randomElement()!)_\(surnames.randomElement()!)"
            if attempt > 5 { name += String(Int.random(in: 0...9)) }
            // Docker's own rule: Steve Wozniak is not boring.
            if name == "boring_wozniak" { continue }
            if !isTaken("/" + name) { return "/" + name }
        }
        return "/container_\(UInt32.random(in: 0...UInt32.max))"
    }

    static let adjectives = [
        "admiring", "adoring", "affectionate", "agitated", "amazing", "angry", "awesome", "beautiful", "blissful",
        "bold", "boring", "brave", "busy", "charming", "clever", "compassionate", "competent", "condescending",
        "confident", "cool", "cranky", "crazy", "dazzling", "determined", "distracted", "dreamy", "eager",
        "ecstatic", "elastic", "elated", "elegant", "eloquent", "epic", "exciting", "fervent", "festive",
        "flamboyant", "focused", "friendly", "frosty", "funny", "gallant", "gifted", "goofy", "gracious", "great",
        "happy", "hardcore", "heuristic", "hopeful", "hungry", "infallible", "inspiring", "intelligent",
        "interesting", "jolly", "jovial", "keen", "kind", "laughing", "loving", "lucid", "magical", "modest",
        "musing", "mystifying", "naughty", "nervous", "nice", "nifty", "nostalgic", "objective", "optimistic",
        "peaceful", "pedantic", "pensive", "practical", "priceless", "quirky", "quizzical", "recursing",
        "relaxed", "reverent", "romantic", "sad", "serene", "sharp", "silly", "sleepy", "stoic", "strange",
        "stupefied", "suspicious", "sweet", "tender", "thirsty", "trusting", "unruffled", "upbeat", "vibrant",
        "vigilant", "vigorous", "wizardly", "wonderful", "xenodochial", "youthful", "zealous", "zen",
    ]

    static let surnames = [
        "agnesi", "albattani", "allen", "almeida", "archimedes", "ardinghelli", "babbage", "banach", "bardeen",
        "bartik", "bassi", "bell", "benz", "bhabha", "black", "blackwell", "bohr", "booth", "borg", "bose",
        "brahmagupta", "brattain", "brown", "carson", "cerf", "chandrasekhar", "chatelet", "clarke", "cohen",
        "curie", "darwin", "davinci", "diffie", "dijkstra", "dirac", "driscoll", "dubinsky", "easley", "einstein",
        "elion", "engelbart", "euclid", "euler", "fermat", "fermi", "feynman", "franklin", "galileo", "gates",
        "goldberg", "goldstine", "goldwasser", "golick", "goodall", "hamilton", "hawking", "heisenberg",
        "hellman", "hermann", "hodgkin", "hofstadter", "hopper", "hugle", "hypatia", "jackson", "jang",
        "jennings", "jepsen", "johnson", "joliot", "jones", "kalam", "kapitsa", "kare", "keller", "kepler",
        "khorana", "kilby", "kirch", "knuth", "kowalevski", "lalande", "lamarr", "lamport", "leakey", "leavitt",
        "lewin", "liskov", "lovelace", "lumiere", "mahavira", "mayer", "mccarthy", "mcclintock", "mclean",
        "meitner", "mendel", "mendeleev", "minsky", "mirzakhani", "montalcini", "moore", "morse", "napier",
        "nash", "neumann", "newton", "nightingale", "nobel", "noether", "northcutt", "noyce", "panini", "pare",
        "pascal", "pasteur", "payne", "perlman", "pike", "poincare", "poitras", "ptolemy", "raman", "ramanujan",
        "ride", "ritchie", "roentgen", "rosalind", "saha", "sammet", "shannon", "shaw", "shockley", "sinoussi",
        "snyder", "spence", "stallman", "stonebraker", "swanson", "swartz", "tesla", "thompson", "torvalds",
        "turing", "varahamihira", "visvesvaraya", "volhard", "wescoff", "wiles", "williams", "wilson", "wing",
        "wozniak", "wright", "yalow", "yonath",
    ]
}
